import type { Remediation } from '@memfleet/contracts';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, MiB } from '../../engine/units';
import { AERON_STEPS, NAMESPACE_HINT } from './aeron-shm-usable-space.content';

const DEFAULT_TERM = 16 * MiB;
const DEFAULT_PAGE = 4096;
const DEFAULT_LOW_STORAGE = 160 * MiB;

/** Size of one new log: align(3 × termLength + 4096, filePageSize) (aeron_driver_context storage checks). */
export function logLength(termLength: number, pageSize = DEFAULT_PAGE): number {
  return Math.ceil((3 * termLength + 4096) / pageSize) * pageSize;
}

export const aeronShmUsableSpace: RuleDefinition = {
  id: 'aeron-shm-usable-space',
  version: 2,
  title: 'Aeron needs usable space, not free space, in its shared-memory directory',
  explanation:
    'Before creating a publication or subscription image, the Aeron media driver checks that the usable space of aeron.dir (statvfs f_bavail × f_frsize; ' +
    'Java: FileStore.getUsableSpace()) holds one new log of align(3 × term length + 4096, page size) — 50,335,744 bytes at the default 16 MiB term. ' +
    'df shows free blocks (f_bfree), which include blocks reserved for root, so Aeron can refuse with "insufficient usable storage … usable=0" while df shows 1.5 GB free (aeron#1751). ' +
    'usable=0 beside a healthy df most likely means aeron.dir was missing or inaccessible, or statvfs ran in another mount namespace — an inference from the code, not stated upstream. ' +
    'Docker gives containers a 64 MB /dev/shm by default. memfleet sizes the check with the largest term length the process configures (network term, URI term-length, and the IPC term only when set explicitly).',
  severityLogic:
    'critical when usable < one new log of the largest term length in use, or aeron.dir is missing or unreadable; warning when usable ≤ the low-storage threshold (aeron.low.file.store.warning.threshold, 160 MiB) or usable < usableToFreeRatio × free (reserved blocks or another namespace).',
  outcomes: {
    pass: 'Usable space holds a new log of the largest term, above the low-storage line, and is not far below free space.',
    notApplicable: 'No process on the host has an Aeron runtime (one host-level result).',
    notEvaluated: 'The statvfs of aeron.dir as the process sees it (through /proc/<pid>/root) is unknown.',
  },
  facts: [
    'configuration.processes[].runtimes[kind=aeron].aeron.{role,dir,termBufferLengthBytes,ipcTermBufferLengthBytes,uriTermLengthsBytes,filePageSizeBytes,lowStorageWarningThresholdBytes}',
    'metrics.processes[].aeronDir.{exists,readable,usage.availableBytes,usage.freeBytes}',
  ],
  sources: [
    { title: 'aeron#1751: insufficient usable storage, usable=0, while df shows 1.5 G free', url: 'https://github.com/aeron-io/aeron/issues/1751' },
    { title: 'akka-core#30601', url: 'https://github.com/akka/akka-core/issues/30601' },
    { title: 'aeron_driver_context_run_storage_checks / aeron_usable_fs_space', url: 'https://github.com/aeron-io/aeron/blob/master/aeron-driver/src/main/c/aeron_driver_context.c' },
    { title: 'moby#29492: Docker default /dev/shm is 64 MB', url: 'https://github.com/moby/moby/issues/29492' },
  ],
  remediationKeys: AERON_STEPS.keys,
  remediationTemplates: AERON_STEPS.templates,
  thresholds: [{ name: 'usableToFreeRatio', default: 0.5, unit: 'ratio', description: 'Warn when usable space is below this fraction of free space.' }],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const aerons = facts.withRuntime('aeron');
    if (aerons.length === 0) return [notApplicable('No Aeron driver or client on this host.')];
    return aerons.map((p): RuleOutput => {
      const a = p.runtime('aeron')!.aeron;
      const dir = p.metrics?.aeronDir ?? null;
      const terms = [a?.termBufferLengthBytes ?? DEFAULT_TERM, ...(a?.uriTermLengthsBytes ?? []), ...(a?.ipcTermBufferLengthBytes ? [a.ipcTermBufferLengthBytes] : [])];
      const term = Math.max(...terms);
      const required = logLength(term, a?.filePageSizeBytes ?? DEFAULT_PAGE);
      const low = a?.lowStorageWarningThresholdBytes ?? DEFAULT_LOW_STORAGE;
      const path = dir?.resolvedPath ?? a?.dir ?? '/dev/shm/aeron-<user>';
      if (!dir) {
        return notEvaluated(p.subject, `The usable space of aeron.dir (${path}) as the Aeron process sees it is unknown.`, [
          { fact: 'metrics.processes[].aeronDir', suppliedBy: 'agent access to /proc/<pid>/root (SYS_PTRACE in the DaemonSet) to statvfs the directory inside the process mount namespace' },
        ]);
      }
      const base = [ev('requiredBytes', 'One new log needs', required, 'bytes'), ev('termLengthBytes', 'Largest term length', term, 'bytes')];
      if (!dir.exists || !dir.readable) {
        return hit(p.subject, 'critical', `aeron.dir ${path} is ${dir.exists ? 'not readable' : 'missing'} as the process sees it: statvfs fails and Aeron counts usable space as 0.`, [...base, ev('dir', 'aeron.dir', path, 'text')], remediation(path, term, required, low, null, null, null));
      }
      const usable = dir.usage?.availableBytes ?? null;
      const free = dir.usage?.freeBytes ?? null;
      if (usable === null) {
        return notEvaluated(p.subject, `statvfs of ${path} gave no available-blocks figure.`, [{ fact: 'aeronDir.usage.availableBytes', suppliedBy: 'agent statfs of aeron.dir' }]);
      }
      const evidence = [...base, ev('usableBytes', 'Usable (f_bavail)', usable, 'bytes'), ev('freeBytes', 'Free (f_bfree)', free, 'bytes'), ev('lowStorageBytes', 'Low-storage warning line', low, 'bytes'), ev('dir', 'aeron.dir', path, 'text')];
      const steps = remediation(path, term, required, low, usable, free, dir.logBufferCount ?? null);
      if (usable < required) {
        return hit(p.subject, 'critical', `Usable space in ${path} is ${bytes(usable)} (free ${bytes(free)}); one new log of a ${bytes(term)} term needs ${bytes(required)}: Aeron refuses to create it.`, evidence, steps);
      }
      if (usable <= low) {
        return hit(p.subject, 'warning', `Usable space in ${path} is ${bytes(usable)}, at or under the ${bytes(low)} low-storage line; each new log takes ${bytes(required)}.`, evidence, steps);
      }
      if (free !== null && usable < thresholds.usableToFreeRatio * free) {
        return hit(p.subject, 'warning', `Usable space in ${path} (${bytes(usable)}) is far below free space (${bytes(free)}): reserved blocks or a different mount namespace.`, evidence, steps);
      }
      return pass(p.subject, `Usable space in ${path} is ${bytes(usable)}; a new log needs ${bytes(required)}.`, evidence);
    });
  },
};

function remediation(path: string, term: number, required: number, low: number, usable: number | null, free: number | null, logBuffers: number | null): Remediation[] {
  // Room for eight logs plus the low-storage margin: a size that keeps a busy driver clear of the check.
  const wantedMiB = Math.ceil((8 * required + low) / MiB);
  const smallerTerm = Math.max(64 * 1024, term / 4);
  const values = {
    mount: mountOf(path),
    dir: path,
    wantedMiB,
    requiredBytes: required,
    lowBytes: low,
    usable: usable !== null ? bytes(usable) : 'nothing',
    smallerTerm,
    smallerLogBytes: logLength(smallerTerm),
    namespaceHint: free !== null && usable !== null && usable < free ? NAMESPACE_HINT : '',
    logBuffers: logBuffers !== null ? `${logBuffers} log buffers` : 'an unknown number of log buffers',
  };
  return AERON_STEPS.keys.map((k) => AERON_STEPS.render(k, values));
}

/** The tmpfs mount aeron.dir lives on, for the usual /dev/shm/<dir> layout. */
function mountOf(path: string): string {
  return path.startsWith('/dev/shm') ? '/dev/shm' : path.slice(0, path.lastIndexOf('/')) || '/';
}
