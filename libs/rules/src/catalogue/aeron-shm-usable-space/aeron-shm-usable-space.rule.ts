import type { FilesystemUsage, Remediation } from '@memfleet/contracts';
import type { ProcessFacts } from '../../engine/facts';
import { knownOr, placeholder } from '../../engine/render';
import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { MiB } from '../../engine/units';
import { AERON_CONTENT as C } from './aeron-shm-usable-space.content';

const DEFAULT_TERM = 16 * MiB;
const DEFAULT_PAGE = 4096;
const DEFAULT_LOW_STORAGE = 160 * MiB;

/** Size of one new log: align(3 × termLength + 4096, filePageSize) (aeron_driver_context storage checks). */
export function logLength(termLength: number, pageSize = DEFAULT_PAGE): number {
  return Math.ceil((3 * termLength + 4096) / pageSize) * pageSize;
}

const PID = placeholder('PID', C.summaries.pidMeans);
const IMAGE = placeholder('IMAGE', C.summaries.imageMeans);

export const aeronShmUsableSpace = defineRule(C, {
  id: 'aeron-shm-usable-space',
  version: 4,
  inputs: ['withRuntime'],
  // Free space moves with every write: compared on a 2% grid; the pid names the process in commands.
  metrics: { process: { aeronDir: { tolerance: 0.02 }, pid: 'exact' } },
  thresholds: [{ name: 'usableToFreeRatio', default: 0.5, unit: 'ratio' }],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const aerons = facts.withRuntime('aeron');
    if (aerons.length === 0) return [notApplicable(C.summaries.absent)];
    return aerons.map((p): RuleOutput => {
      const a = p.runtime('aeron')!.aeron;
      const dir = p.metrics?.aeronDir ?? null;
      const terms = [
        a?.termBufferLengthBytes ?? DEFAULT_TERM,
        ...(a?.uriTermLengthsBytes ?? []),
        ...(a?.ipcTermBufferLengthBytes ? [a.ipcTermBufferLengthBytes] : []),
      ];
      const term = Math.max(...terms);
      const required = logLength(term, a?.filePageSizeBytes ?? DEFAULT_PAGE);
      const low = a?.lowStorageWarningThresholdBytes ?? DEFAULT_LOW_STORAGE;
      // The path the process sees: commands run inside its mount namespace (nsenter -m), where /proc/PID/root/… does not exist.
      const path = dir ? processView(dir.resolvedPath) : (a?.dir ?? C.summaries.defaultDir);
      if (!dir) {
        return notEvaluated(p.subject, C.summaries.dirUnknown(path), [C.missing.aeronDir]);
      }
      const base = [C.ev('requiredBytes', required, 'bytes'), C.ev('termLengthBytes', term, 'bytes')];
      const where: Where = { p, path, mount: mountOf(p.subject, dir.usage?.mountPoint, path) };
      if (!dir.exists || !dir.readable) {
        return hit(
          p.subject,
          'critical',
          C.summaries.dirUnusable(path, dir.exists),
          [...base, C.ev('dir', path, 'text')],
          [C.remediation.render('aeron.fix-dir', values(where, term, required, low, null))],
        );
      }
      // The directory's own statfs, read inside the process's mount namespace: not the host's view of the mount.
      const usage = dir.usage ?? null;
      const usable = usage?.availableBytes ?? null;
      const free = usage?.freeBytes ?? null;
      if (usable === null) {
        return notEvaluated(p.subject, C.summaries.noAvailable(path), [C.missing.availableBytes]);
      }
      const evidence = [
        ...base,
        C.ev('usableBytes', usable, 'bytes'),
        C.ev('freeBytes', free, 'bytes'),
        C.ev('totalBytes', usage?.totalBytes ?? null, 'bytes'),
        C.ev('lowStorageBytes', low, 'bytes'),
        C.ev('dir', path, 'text'),
        C.ev('mount', where.mount, 'text'),
      ];
      const belowFree = free !== null && usable < thresholds.usableToFreeRatio * free;
      const v = values(where, term, required, low, usage);
      const steps = remediation(where, v, belowFree, usable >= v.smallerLogBytes && usable < required);
      if (usable < required) {
        const summary = belowFree ? C.summaries.refusedNotUsable(path, usable, free, term, required) : C.summaries.refused(path, usable, free, term, required);
        return hit(p.subject, 'critical', summary, evidence, steps);
      }
      if (usable <= low && !belowFree) {
        return hit(p.subject, 'warning', C.summaries.lowStorage(path, usable, low, required), evidence, steps);
      }
      if (belowFree) return hit(p.subject, 'warning', C.summaries.belowFree(path, usable, free), evidence, steps);
      return pass(p.subject, C.summaries.fits(path, usable, required), evidence);
    });
  },
});

interface Where {
  p: ProcessFacts;
  path: string;
  mount: string;
}

function values(w: Where, term: number, required: number, low: number, usage: FilesystemUsage | null) {
  const total = usage?.totalBytes ?? null;
  const usable = usage?.availableBytes ?? null;
  // Room for eight logs plus the low-storage margin, on top of what is in use now: never smaller than today.
  const roomMiB = Math.ceil((8 * required + low) / MiB);
  const sizeMiB = total !== null && usable !== null ? Math.ceil((total - usable) / MiB) + roomMiB : null;
  const smallerTerm = Math.max(64 * 1024, term / 4);
  return {
    mount: w.mount,
    dir: w.path,
    sizeMiB: knownOr(sizeMiB, placeholder('SIZE', C.summaries.sizeMeans(w.mount, roomMiB))),
    usableOfTotal: C.summaries.usableOfTotal(usable, total),
    nowSize: C.summaries.nowSize(total),
    usable,
    free: usage?.freeBytes ?? null,
    requiredBytes: required,
    lowBytes: low,
    smallerTerm,
    smallerLogBytes: logLength(smallerTerm),
    pid: knownOr(w.p.metrics?.pid, PID),
    options: placeholder('OPTIONS', C.summaries.optionsMeans(w.p.config.containerId ?? null)),
    image: IMAGE,
  };
}

/**
 * The steps for this host's cause. Usable far below free: more size changes nothing, so only the search for why
 * (a diagnosis: which one depends on the filesystem). Otherwise a bigger filesystem (the container's or the host's
 * tmpfs), and shorter terms when one shorter log fits in what is usable now. No "remove stale directories": the
 * agent reports only the driver's own directory, which is in use.
 */
function remediation(w: Where, v: ReturnType<typeof values>, belowFree: boolean, shorterTermsFit: boolean): Remediation[] {
  if (belowFree) return [C.remediation.render(onTmpfs(w.mount) ? 'aeron.usable-below-free-tmpfs' : 'aeron.usable-below-free', v)];
  const steps: Remediation[] = [C.remediation.render(w.p.config.containerId ? 'aeron.grow-shm' : 'aeron.move-dir', v)];
  if (shorterTermsFit) steps.push(C.remediation.render('aeron.lower-term-length', v));
  return steps;
}

/** aeron.dir as the process sees it: the agent measures it through /proc/PID/root. */
export function processView(resolvedPath: string): string {
  return resolvedPath.replace(/^\/proc\/\d+\/root(?=\/)/, '');
}

// /dev/shm is tmpfs on Linux hosts and in Docker and Kubernetes containers (an inference: the agent does not report the type).
const onTmpfs = (mount: string) => mount === '/dev/shm' || mount.startsWith('/dev/shm/');

/**
 * The mount aeron.dir lives on, from its statfs label ("<subject>:<mount point as the process sees it>"). An agent
 * that could not read the process's mount table labels it with the directory: then the usual /dev/shm layout.
 */
function mountOf(subject: string, statfsMount: string | undefined, dir: string): string {
  let mount = statfsMount ?? null;
  if (mount && mount.startsWith(`${subject}:`)) mount = mount.slice(subject.length + 1);
  else if (mount && !mount.startsWith('/')) mount = mount.slice(mount.lastIndexOf(':') + 1) || null;
  if (mount && mount !== dir) return mount;
  return dir.startsWith('/dev/shm/') ? '/dev/shm' : (mount ?? (dir.slice(0, dir.lastIndexOf('/')) || '/'));
}
