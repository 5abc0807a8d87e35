import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { validateReport, type Report } from '@memfleet/contracts';
import { noProbes } from '../collectors/network-probes';
import { agentFixturesDir } from '../testing/fixture-paths';
import { collectReport } from './collect-report';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

async function fixture(name: string): Promise<Report> {
  const report = await collectReport({ root: path.join(agentFixturesDir(), name), probes: noProbes, now: new Date('2026-11-01T00:00:00Z'), sequence: 7 });
  const v = validateReport(report);
  assert.ok(v.ok, `report of ${name} must validate: ${JSON.stringify(v)}`);
  return report;
}

const proc = (r: Report, prefix: string) => {
  const p = r.configuration.processes.find((x) => x.subject.startsWith(prefix));
  assert.ok(p, `no process ${prefix} in ${r.configuration.processes.map((x) => x.subject).join(', ')}`);
  const m = r.metrics.processes.find((x) => x.subject === p.subject);
  assert.ok(m);
  return { p, m };
};

describe('collect on fixture host trees', () => {
  it('healthy KVM cloud host that says QEMU: KVM-accelerated, not emulated; secrets redacted', async () => {
    const r = await fixture('healthy-kvm-qemu');
    assert.equal(r.configuration.virtualization.sysVendor, 'QEMU');
    assert.equal(r.configuration.virtualization.kvmAccelerated, true);
    assert.equal(r.configuration.virtualization.qemuEmulated, false);
    assert.equal(r.configuration.virtualization.hypervisor, 'kvm');
    assert.equal(r.identity.dmiProductUuid, '1f2e3d4c-0000-4000-8000-00000000aaaa');
    assert.equal(r.configuration.memory.memTotalBytes, 16 * GiB);
    assert.equal(r.configuration.vm.overcommitMemory, 1);
    assert.equal(r.configuration.vm.maxMapCount, 262144);
    assert.deepEqual(r.configuration.thp, { enabled: 'madvise', defrag: 'madvise' });
    assert.equal(r.configuration.cpu.onlineCount, 8);
    assert.equal(r.configuration.cpu.userVirtualAddressBits, 47);
    assert.deepEqual(r.configuration.mounts[0], { mountPoint: '/dev/shm', fsType: 'tmpfs', sizeOption: '8388608k' });
    assert.equal(r.metrics.filesystems[0].availableBytes, 8 * GiB);
    const spin = proc(r, 'spin:');
    assert.equal(spin.p.runtimes[0].version, '3.1.2');
    assert.equal(spin.p.runtimes[0].spin?.poolingEnv, '1');
    assert.deepEqual(spin.p.env, { SPIN_WASMTIME_POOLING: '1' });
    assert.equal(spin.m.startTimeSecondsSinceBoot, 30);
    const redis = proc(r, 'redis:');
    assert.equal(redis.p.runtimes[0].version, '7.2.4');
    assert.equal(redis.p.allocator, 'jemalloc');
    const text = JSON.stringify(r);
    assert.ok(!text.includes('hunter2') && !text.includes('DB_PASSWORD') && !text.includes('"abc"'), 'no secret leaves the host');
    assert.match(proc(r, 'process:/usr/bin/node').p.cmdline ?? '', /--token \*\*\*/);
    assert.deepEqual(r.collectionErrors, []);
  });

  it('Spin 2.5 on a 1 GiB arm64 QEMU TCG guest: emulated, 39-bit VA from the kernel config, qemu-user binfmt', async () => {
    const r = await fixture('spin-qemu-lowmem');
    assert.equal(r.configuration.host.architecture, 'aarch64');
    assert.equal(r.configuration.virtualization.kvmAccelerated, false);
    assert.equal(r.configuration.virtualization.qemuEmulated, true);
    assert.equal(r.configuration.virtualization.hypervisor, 'qemu-tcg');
    assert.deepEqual(r.configuration.virtualization.qemuUserBinfmt, ['qemu-x86_64']);
    assert.equal(r.configuration.cpu.virtualAddressBits, 39);
    assert.equal(r.configuration.cpu.userVirtualAddressBits, 39);
    assert.equal(r.configuration.cpu.virtualAddressBitsSource, 'kernel-config');
    assert.equal(r.configuration.memory.memTotalBytes, 1 * GiB);
    const { p } = proc(r, 'spin:');
    assert.equal(p.runtimes[0].version, '2.5.0');
    assert.equal(p.runtimes[0].spin?.disablePoolingFlag, false);
    assert.equal(p.runtimes[0].spin?.totalStacks, 1000);
  });

  it('Envoy on 255 CPUs with 9 Wasm plugins and no --concurrency; a crashed unit is still listed', async () => {
    const r = await fixture('envoy-wasm-explosion');
    assert.equal(r.configuration.cpu.onlineCount, 255);
    const { p } = proc(r, 'envoy:/usr/local/bin/envoy');
    assert.equal(p.containerId, '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
    assert.equal(p.cpusAllowedCount, 255);
    const e = p.runtimes[0];
    assert.equal(e.version, '1.27.3');
    assert.equal(e.envoy?.concurrencyFlag, null);
    assert.equal(e.envoy?.wasmPluginCount, 9);
    assert.equal(e.envoy?.wasmPluginSource, 'config');
    assert.equal(p.allocator, 'tcmalloc-google');
    const unit = proc(r, 'envoy:/opt/edge/bin/envoy').p;
    assert.equal(unit.state, 'configured');
    assert.equal(unit.declaredBy, '/etc/systemd/system/edge-envoy.service');
    assert.equal(unit.runtimes[0].envoy?.concurrencyFlag, 64);
    assert.equal(unit.runtimes[0].envoy?.wasmPluginCount, 2);
    assert.deepEqual(unit.env, { GATEWAY_CONCURRENCY: '64' });
    assert.equal(r.configuration.processes.filter((x) => x.cmdline?.includes('sshd')).length, 0);
  });

  it('TCMalloc Envoy and a CPU hot-added after it started: events, window, allowing line', async () => {
    const r = await fixture('tcmalloc-hotplug');
    assert.equal(r.configuration.cpu.possible, '0-15');
    assert.equal(r.configuration.cpu.online, '0-6');
    assert.equal(r.configuration.cpu.onlineHasGaps, false);
    const hp = r.metrics.cpuHotplug;
    assert.ok(hp);
    assert.equal(hp.allowingCpus, 16);
    assert.equal(hp.allowingHotplugCpus, 10);
    assert.equal(hp.windowStartSecondsSinceBoot, 0);
    assert.equal(hp.windowEndSecondsSinceBoot, 9000);
    const added = hp.events.find((e) => e.action === 'hot-added');
    assert.deepEqual([added?.cpu, added?.atSecondsSinceBoot, added?.source, added?.bootId], [6, 5000.5, 'kmsg', '0b5e1d2c-0000-4000-8000-000000000001']);
    const { p, m } = proc(r, 'envoy:');
    assert.equal(m.startTimeSecondsSinceBoot, 100);
    assert.equal(p.runtimes[0].version, '1.25.9');
    assert.equal(p.runtimes[0].envoy?.concurrencyFlag, 4);
    assert.equal(p.allocator, 'tcmalloc-google');
  });

  it('Aeron: the dir is measured inside the process root; a missing dir is reported, not fatal', async () => {
    const r = await fixture('aeron-shm');
    const driver = proc(r, 'aeron:/usr/lib/jvm/java-17/bin/java');
    const a = driver.p.runtimes.find((x) => x.kind === 'aeron')?.aeron;
    assert.equal(a?.role, 'driver');
    assert.equal(a?.dir, '/dev/shm/aeron-trader');
    assert.equal(a?.termBufferLengthBytes, 16 * MiB);
    assert.equal(a?.ipcTermBufferLengthBytes, 64 * MiB);
    assert.equal(driver.p.runtimes.find((x) => x.kind === 'jvm')?.version, '17.0.9');
    const d = driver.m.aeronDir;
    assert.equal(d?.resolvedPath, '/proc/3100/root/dev/shm/aeron-trader');
    assert.equal(d?.logBufferCount, 2);
    assert.equal(d?.logBufferBytes, 1500);
    assert.equal(d?.usage?.availableBytes, 20 * MiB);
    assert.equal(d?.usage?.freeBytes, 40 * MiB);
    // The directory's statfs, named by the mount it lives on in the container (its mountinfo), not by the directory.
    assert.equal(d?.usage?.mountPoint, `${driver.p.subject}:/dev/shm`);
    const client = proc(r, 'aeron:/opt/app/bin/md-client');
    assert.equal(client.p.runtimes[0].aeron?.role, 'client');
    assert.deepEqual(client.p.runtimes[0].aeron?.uriTermLengthsBytes, [128 * MiB]);
    assert.deepEqual([client.m.aeronDir?.exists, client.m.aeronDir?.readable, client.m.aeronDir?.usage], [false, false, null]);
    assert.ok(r.collectionErrors.some((e) => e.source === '/dev/shm/aeron-missing'));
  });

  it('allocator statistics from declarations, arena regions from maps, bad declarations reported', async () => {
    const r = await fixture('allocator-fragmentation');
    const sky = proc(r, 'skynet:');
    assert.equal(sky.p.allocator, 'jemalloc');
    assert.equal(sky.p.declaredBy, '/etc/memfleet/runtimes.d/game.json');
    assert.deepEqual(sky.m.allocatorStats, { allocatedBytes: 300 * MiB, residentBytes: 700 * MiB, allocatorName: 'lalloc', source: 'declared' });
    assert.equal(sky.p.runtimes[0].version, '5.4.6');
    const redis = proc(r, 'redis:declared:session-redis');
    assert.equal(redis.p.state, 'declared');
    assert.equal(redis.p.runtimes[0].version, '6.2.14');
    assert.equal(redis.p.runtimes[0].versionSource, 'declared');
    assert.ok(!('rlimitAsBytes' in redis.p), 'a declared process has no RLIMIT_AS to report (null would say unlimited)');
    assert.equal(proc(r, 'process:/opt/svc/worker').m.arena64MiBCount, 40);
    assert.equal(r.collectionErrors.length, 1);
    assert.match(r.collectionErrors[0].source, /game\.json#2$/);
  });

  it('Redis, Elasticsearch and an old JVM in a memory-limited cgroup', async () => {
    const r = await fixture('jvm-redis-es');
    assert.deepEqual(r.configuration.thp, { enabled: 'always', defrag: 'always' });
    assert.equal(r.configuration.vm.overcommitMemory, 0);
    assert.equal(r.configuration.vm.maxMapCount, 65530);
    assert.equal(proc(r, 'redis:').p.runtimes[0].version, '5.0.7');
    const es = proc(r, 'elasticsearch:').p;
    assert.deepEqual(
      es.runtimes.map((x) => x.kind),
      ['elasticsearch', 'jvm'],
    );
    assert.equal(es.runtimes[1].jvm?.maxHeapBytes, 4 * GiB);
    const old = proc(r, 'jvm:/usr/lib/jvm/jdk8').p;
    assert.equal(old.runtimes[0].version, '1.8.0_181');
    assert.equal(old.runtimes[0].jvm?.useContainerSupport, null);
    assert.deepEqual(old.cgroup, { version: 2, path: '/kubepods/pod1/jvm', memoryMaxBytes: 2 * GiB, memoryHighBytes: null, cpuLimitCores: 2 });
  });

  it('a tree with almost nothing gives nulls and collection errors, never a crash', async () => {
    const r = await collectReport({ root: path.join(agentFixturesDir(), 'healthy-kvm-qemu', 'etc'), probes: noProbes });
    const v = validateReport(r);
    assert.ok(v.ok, JSON.stringify(v));
    assert.equal(r.configuration.memory.memTotalBytes, null);
    assert.equal(r.configuration.cpu.online, null);
    assert.ok(r.collectionErrors.some((e) => e.source === '/proc/meminfo'));
  });
});
