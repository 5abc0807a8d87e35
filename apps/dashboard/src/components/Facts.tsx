import type { ReactNode } from 'react';
import type { FilesystemUsage } from '@memfleet/contracts';
import type { Configuration, Metrics } from '../api/types';
import { naturalCompare } from '@memfleet/contracts/natural-order';
import { bytes, isKnown, num, overcommit, seconds, text } from '../format';
import { UsageBar } from './Charts';
import { HotplugTimeline } from './HotplugTimeline';
import { isSharedMemory, mountSize } from './mounts';

type Val = string | number | boolean | null | undefined;

/** A definition row; unknown facts read "unknown", in grey italics. */
/** The agent labels a process's statfs `<subject>:<mount>`; the mount is what a person looks for. */
function mountOfProcess(label: string, subject: string): string {
  return label.startsWith(`${subject}:`) ? label.slice(subject.length + 1) : label;
}

export function Fact({ label, value, show = text, hint }: { label: string; value: Val; show?: (v: never) => string; hint?: ReactNode }) {
  const known = isKnown(value);
  return (
    <>
      <dt>{label}</dt>
      <dd className={known ? undefined : 'unknown'}>
        {known ? (show as (v: Val) => string)(value) : 'unknown'}
        {hint && <span className="muted small"> {hint}</span>}
      </dd>
    </>
  );
}

function Panel({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  return (
    <section className="panel" aria-label={title} style={wide ? { gridColumn: '1 / -1' } : undefined}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

// Aeron's own warning line: usable under half of free means reserved blocks, a quota or another namespace.
const USABLE_TO_FREE = 0.5;

/** What is wrong with a filesystem's space, in words, or null when nothing is. */
export function spaceProblem(fs: FilesystemUsage | null | undefined): { text: string; severity: 'critical' | 'warning' } | null {
  if (!fs || !isKnown(fs.freeBytes)) return null;
  if (!isKnown(fs.availableBytes)) return { text: 'usable unknown', severity: 'warning' };
  if (fs.freeBytes > 0 && fs.availableBytes === 0) return { text: `0 B usable of ${bytes(fs.freeBytes)} free`, severity: 'critical' };
  if (fs.availableBytes < fs.freeBytes * USABLE_TO_FREE)
    return { text: `usable far below free (${bytes(fs.availableBytes)} of ${bytes(fs.freeBytes)})`, severity: 'warning' };
  return null;
}

function FsHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Mount</th>
        <th scope="col">Usage</th>
        <th scope="col" className="num">
          Used
        </th>
        <th scope="col" className="num">
          Free
        </th>
        <th scope="col" className="num">
          Usable
        </th>
        <th scope="col" className="num">
          Size
        </th>
        <th scope="col">Check</th>
      </tr>
    </thead>
  );
}

function MountLabel({
  row,
  memTotal,
}: {
  row: { mountPoint: string; fsType: string | null; sizeOption: string | null | undefined };
  memTotal: number | null | undefined;
}) {
  return (
    <>
      <code>{row.mountPoint}</code>
      {row.fsType && <span className="muted"> {row.fsType}</span>}
      {isKnown(row.sizeOption) && <span className="muted"> · size {mountSize(row.sizeOption, memTotal)}</span>}
    </>
  );
}

function FsRow({ label, fs, problem }: { label: ReactNode; fs: FilesystemUsage | null | undefined; problem?: string }) {
  const used = isKnown(fs?.totalBytes) && isKnown(fs?.freeBytes) ? fs.totalBytes - fs.freeBytes : null;
  const space = problem ? { text: problem, severity: 'critical' as const } : spaceProblem(fs);
  return (
    <tr>
      <td>{label}</td>
      <td>
        <UsageBar total={fs?.totalBytes} free={fs?.freeBytes} usable={fs?.availableBytes} />
      </td>
      <td className={`num${isKnown(used) ? '' : ' unknown'}`}>{bytes(used)}</td>
      <td className={`num${isKnown(fs?.freeBytes) ? '' : ' unknown'}`}>{bytes(fs?.freeBytes)}</td>
      <td className={`num${isKnown(fs?.availableBytes) ? '' : ' unknown'}`}>{bytes(fs?.availableBytes)}</td>
      <td className={`num${isKnown(fs?.totalBytes) ? '' : ' unknown'}`}>{bytes(fs?.totalBytes)}</td>
      <td>
        {space ? (
          <span className={`sev-text-${space.severity}`}>⚠ {space.text}</span>
        ) : fs ? (
          <span className="ok-text">✓ usable ≈ free</span>
        ) : (
          <span className="unknown">statfs unknown</span>
        )}
      </td>
    </tr>
  );
}

export function FactsView({ c, m }: { c: Configuration; m: Metrics | null }) {
  const mem = c.memory;
  const headroom = isKnown(m?.commitLimitBytes) && isKnown(m?.committedAsBytes) ? m.commitLimitBytes - m.committedAsBytes : null;
  const mode = c.vm.overcommitMemory;
  // Only /dev/shm-like mounts are shared memory; other tmpfs mounts (/run, /tmp) and other statfs results are listed apart.
  const fsByMount = new Map((m?.filesystems ?? []).map((f) => [f.mountPoint, f]));
  const mountRow = (mt: Configuration['mounts'][number]) => ({
    mountPoint: mt.mountPoint,
    fsType: mt.fsType,
    sizeOption: mt.sizeOption,
    fs: fsByMount.get(mt.mountPoint),
  });
  const shmRows = c.mounts.filter((mt) => isSharedMemory(mt.mountPoint)).map(mountRow);
  const otherRows = [
    ...c.mounts.filter((mt) => !isSharedMemory(mt.mountPoint)).map(mountRow),
    ...(m?.filesystems ?? [])
      .filter((f) => !c.mounts.some((mt) => mt.mountPoint === f.mountPoint))
      .map((fs) => ({ mountPoint: fs.mountPoint, fsType: null, sizeOption: null, fs })),
  ];
  const procMetrics = new Map((m?.processes ?? []).map((p) => [p.subject, p]));
  const rssOf = (subject: string) => procMetrics.get(subject)?.rssBytes ?? -1;
  // Every reported process, largest first; unknown RSS last, ties in natural order (svc-2 before svc-19).
  const byRss = [...c.processes].sort((a, b) => rssOf(b.subject) - rssOf(a.subject) || naturalCompare(a.subject, b.subject));
  const aeronDirs = (m?.processes ?? []).flatMap((p) => (p.aeronDir ? [{ subject: p.subject, dir: p.aeronDir }] : []));
  // A limit reads "unlimited" only when the agent read the cgroup; null from an unread one is unknown.
  const cgroupRead = isKnown(c.cgroup?.path);

  return (
    <div className="facts-grid">
      <Panel title="Memory and commit headroom">
        <dl className="facts">
          <Fact label="RAM" value={mem.memTotalBytes} show={bytes} />
          <Fact label="Available" value={m?.memAvailableBytes} show={bytes} />
          <Fact label="Free" value={m?.memFreeBytes} show={bytes} />
          <Fact label="Swap" value={mem.swapTotalBytes} show={bytes} hint={isKnown(m?.swapFreeBytes) ? `(${bytes(m.swapFreeBytes)} free)` : undefined} />
          <Fact label="Commit limit" value={m?.commitLimitBytes} show={bytes} />
          <Fact label="Committed (Committed_AS)" value={m?.committedAsBytes} show={bytes} />
          <Fact
            label="Commit headroom"
            value={headroom}
            show={bytes}
            hint={mode === 2 ? '(enforced: overcommit mode 2)' : isKnown(mode) ? `(not enforced in overcommit mode ${mode})` : undefined}
          />
          <Fact
            label="Huge pages"
            value={mem.hugePagesTotal}
            show={num}
            hint={isKnown(m?.hugePagesFree) ? `(${m.hugePagesFree} free, ${bytes(mem.hugePageSizeBytes)} each)` : undefined}
          />
          <Fact label="Page size" value={mem.pageSizeBytes} show={bytes} />
          <Fact label="Uptime" value={m?.uptimeSeconds} show={seconds} />
        </dl>
      </Panel>
      <Panel title="Transparent huge pages">
        <dl className="facts">
          <Fact label="enabled" value={c.thp.enabled} />
          <Fact label="defrag" value={c.thp.defrag} />
        </dl>
      </Panel>
      <Panel title="Overcommit">
        <dl className="facts">
          <Fact label="vm.overcommit_memory" value={mode} show={overcommit} />
          <Fact label="vm.overcommit_ratio" value={c.vm.overcommitRatio} show={(v: number) => `${v}%`} />
          <Fact label="vm.overcommit_kbytes" value={c.vm.overcommitKbytes} show={num} />
          <Fact label="vm.max_map_count" value={c.vm.maxMapCount} show={num} />
        </dl>
      </Panel>
      <Panel title="Virtualization">
        <dl className="facts">
          <Fact label="Hypervisor" value={c.virtualization.hypervisor} />
          <Fact
            label="Vendor / product"
            value={
              isKnown(c.virtualization.sysVendor) || isKnown(c.virtualization.productName)
                ? `${text(c.virtualization.sysVendor)} / ${text(c.virtualization.productName)}`
                : null
            }
          />
          <Fact label="Clock source" value={c.virtualization.clocksource} />
          <Fact label="KVM accelerated" value={c.virtualization.kvmAccelerated} />
          <Fact label="QEMU emulation (TCG)" value={c.virtualization.qemuEmulated} />
          <Fact label="Kernel" value={c.host.kernelRelease} />
          <Fact label="Architecture" value={c.host.architecture} />
          <Fact label="Agent in a container" value={c.host.containerized} />
          <Fact
            label="cgroup memory.max"
            value={cgroupRead ? (c.cgroup?.memoryMaxBytes ?? 'unlimited') : c.cgroup?.memoryMaxBytes}
            show={(v: number | string) => (typeof v === 'number' ? bytes(v) : v)}
          />
        </dl>
      </Panel>
      <Panel title="CPUs">
        <dl className="facts">
          <Fact label="Online" value={c.cpu.online} hint={isKnown(c.cpu.onlineCount) ? `(${c.cpu.onlineCount})` : undefined} />
          <Fact label="Present" value={c.cpu.present} hint={isKnown(c.cpu.presentCount) ? `(${c.cpu.presentCount})` : undefined} />
          <Fact label="Possible" value={c.cpu.possible} hint={isKnown(c.cpu.possibleCount) ? `(${c.cpu.possibleCount})` : undefined} />
          <Fact label="Offline" value={c.cpu.offline} />
          <Fact label="Online set has gaps" value={c.cpu.onlineHasGaps} />
          <Fact label="Model" value={c.cpu.model} />
          <Fact label="cgroup CPU limit" value={c.cpu.cgroupCpuLimitCores} show={(v: number) => `${v} cores`} />
          <Fact
            label="User address bits"
            value={c.cpu.userVirtualAddressBits}
            hint={isKnown(c.cpu.virtualAddressBitsSource) ? `(from ${c.cpu.virtualAddressBitsSource})` : undefined}
          />
        </dl>
        {isKnown(c.cpu.possibleCount) && isKnown(c.cpu.onlineCount) && c.cpu.possibleCount > c.cpu.onlineCount && (
          <p className="small sev-text-warning">⚠ {c.cpu.possibleCount - c.cpu.onlineCount} more CPUs can be hot-added than are online.</p>
        )}
        {m?.cpuHotplug ? (
          <HotplugTimeline hp={m.cpuHotplug} boot={c.host.bootTimeEpochSeconds ?? null} processes={m.processes} />
        ) : (
          <p className="small unknown">CPU hot-plug history unknown.</p>
        )}
      </Panel>
      <Panel title="Shared-memory filesystems" wide>
        {shmRows.length === 0 && aeronDirs.length === 0 ? (
          <p className="small muted">No /dev/shm mount or Aeron directory reported.</p>
        ) : (
          <>
            <div className="table-wrap" tabIndex={0}>
              <table className="data small" aria-label="Shared-memory filesystems">
                <FsHead />
                <tbody>
                  {shmRows.map((row) => (
                    <FsRow key={row.mountPoint} fs={row.fs} label={<MountLabel row={row} memTotal={mem.memTotalBytes} />} />
                  ))}
                  {aeronDirs.length > 0 && (
                    <tr className="sub-head">
                      <th scope="rowgroup" colSpan={7}>
                        Aeron directories, as each process sees them (statfs inside its mount namespace)
                      </th>
                    </tr>
                  )}
                  {aeronDirs.map(({ subject, dir }) => (
                    <FsRow
                      key={subject}
                      fs={dir.usage}
                      problem={!dir.exists ? 'aeron.dir is missing' : !dir.readable ? 'aeron.dir is not readable' : undefined}
                      label={
                        <>
                          <code>{dir.resolvedPath}</code>
                          {isKnown(dir.usage?.mountPoint) && <span className="muted"> on {mountOfProcess(dir.usage.mountPoint, subject)}</span>}
                          <div className="muted mono" style={{ wordBreak: 'break-all' }}>
                            aeron.dir of {subject}
                          </div>
                        </>
                      }
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <div className="legend">
              <span>
                <i className="swatch u-used" /> used
              </span>
              <span>
                <i className="swatch u-reserved" /> free but reserved (not usable by unprivileged writers)
              </span>
              <span>
                <i className="swatch u-usable" /> usable (f_bavail)
              </span>
              <span>
                <i className="swatch u-unknown" /> usable unknown
              </span>
            </div>
            {aeronDirs.length > 0 && (
              <p className="small muted">
                Aeron checks the usable space of its directory as the process sees it, which can be another filesystem than the host’s mount above (a
                container’s own /dev/shm, another mount namespace).
              </p>
            )}
          </>
        )}
      </Panel>
      {otherRows.length > 0 && (
        <Panel title="Other filesystems" wide>
          <div className="table-wrap" tabIndex={0}>
            <table className="data small" aria-label="Other filesystems">
              <FsHead />
              <tbody>
                {otherRows.map((row) => (
                  <FsRow key={row.mountPoint} fs={row.fs} label={<MountLabel row={row} memTotal={mem.memTotalBytes} />} />
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}
      <section className="panel" style={{ gridColumn: '1 / -1' }} aria-label="Processes">
        <h3>Processes by RSS</h3>
        {byRss.length === 0 ? (
          <p className="small muted">No process reported.</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="data small" aria-label="Processes by RSS">
              <thead>
                <tr>
                  <th scope="col">Process</th>
                  <th scope="col">Runtime</th>
                  <th scope="col">State</th>
                  <th scope="col">Allocator</th>
                  <th scope="col" className="num">
                    RSS
                  </th>
                  <th scope="col" className="num">
                    Threads
                  </th>
                  <th scope="col">CPUs allowed</th>
                  <th scope="col">RLIMIT_AS</th>
                </tr>
              </thead>
              <tbody>
                {byRss.map((p) => {
                  const pm = procMetrics.get(p.subject);
                  return (
                    <tr key={p.subject}>
                      <td>
                        <div className="mono" style={{ wordBreak: 'break-all' }}>
                          {p.subject}
                        </div>
                        <div className="muted">pid {text(pm?.pid)}</div>
                      </td>
                      <td>
                        {p.runtimes.length === 0 && <span className="muted">none recognised</span>}
                        {p.runtimes.map((r) => (
                          <div key={r.kind}>
                            <strong>{r.kind}</strong> <span className={isKnown(r.version) ? undefined : 'unknown'}>{text(r.version)}</span>
                            {r.envoy && (
                              <span className="muted">
                                {' '}
                                · --concurrency {r.envoy.concurrencyFlag ?? 'not set'} · Wasm plugins {text(r.envoy.wasmPluginCount)}
                              </span>
                            )}
                            {r.spin && (
                              <span className="muted">
                                {' '}
                                · pooling{' '}
                                {r.spin.disablePoolingFlag
                                  ? 'disabled by --disable-pooling'
                                  : r.spin.poolingEnv
                                    ? `SPIN_WASMTIME_POOLING=${r.spin.poolingEnv}`
                                    : 'default for this version'}
                              </span>
                            )}
                            {r.aeron && (
                              <span className="muted">
                                {' '}
                                · {r.aeron.role} · dir {text(r.aeron.dir)}
                              </span>
                            )}
                            {r.jvm && <span className="muted"> · max heap {bytes(r.jvm.maxHeapBytes)}</span>}
                          </div>
                        ))}
                      </td>
                      <td>{p.state}</td>
                      <td className={isKnown(p.allocator) ? undefined : 'unknown'}>{text(p.allocator)}</td>
                      <td className="num">{bytes(pm?.rssBytes)}</td>
                      <td className="num">{num(pm?.threads)}</td>
                      <td className={isKnown(p.cpusAllowedList) ? undefined : 'unknown'}>{text(p.cpusAllowedList)}</td>
                      <td className={p.rlimitAsBytes === undefined ? 'unknown' : undefined}>
                        {p.rlimitAsBytes === undefined ? 'unknown' : p.rlimitAsBytes === null ? 'unlimited' : bytes(p.rlimitAsBytes)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <p className="small muted">{c.processes.length} processes reported in all (the agent sends the top ones by RSS plus every recognised runtime).</p>
      </section>
    </div>
  );
}
