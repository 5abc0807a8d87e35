import type { Remediation } from '@memfleet/contracts';
import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { bytes, MiB } from '../../engine/units';
import { AERON_CONTENT as C } from './aeron-shm-usable-space.content';

const DEFAULT_TERM = 16 * MiB;
const DEFAULT_PAGE = 4096;
const DEFAULT_LOW_STORAGE = 160 * MiB;

/** Size of one new log: align(3 × termLength + 4096, filePageSize) (aeron_driver_context storage checks). */
export function logLength(termLength: number, pageSize = DEFAULT_PAGE): number {
  return Math.ceil((3 * termLength + 4096) / pageSize) * pageSize;
}

export const aeronShmUsableSpace = defineRule(C, {
  id: 'aeron-shm-usable-space',
  version: 2,
  inputs: ['withRuntime'],
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
      const path = dir?.resolvedPath ?? a?.dir ?? '/dev/shm/aeron-<user>';
      if (!dir) {
        return notEvaluated(p.subject, C.summaries.dirUnknown(path), [C.missing.aeronDir]);
      }
      const base = [C.ev('requiredBytes', required, 'bytes'), C.ev('termLengthBytes', term, 'bytes')];
      if (!dir.exists || !dir.readable) {
        return hit(
          p.subject,
          'critical',
          C.summaries.dirUnusable(path, dir.exists),
          [...base, C.ev('dir', path, 'text')],
          remediation(path, term, required, low, null, null, null),
        );
      }
      const usable = dir.usage?.availableBytes ?? null;
      const free = dir.usage?.freeBytes ?? null;
      if (usable === null) {
        return notEvaluated(p.subject, C.summaries.noAvailable(path), [C.missing.availableBytes]);
      }
      const evidence = [
        ...base,
        C.ev('usableBytes', usable, 'bytes'),
        C.ev('freeBytes', free, 'bytes'),
        C.ev('lowStorageBytes', low, 'bytes'),
        C.ev('dir', path, 'text'),
      ];
      const steps = remediation(path, term, required, low, usable, free, dir.logBufferCount ?? null);
      if (usable < required) {
        return hit(p.subject, 'critical', C.summaries.refused(path, usable, free, term, required), evidence, steps);
      }
      if (usable <= low) {
        return hit(p.subject, 'warning', C.summaries.lowStorage(path, usable, low, required), evidence, steps);
      }
      if (free !== null && usable < thresholds.usableToFreeRatio * free) {
        return hit(p.subject, 'warning', C.summaries.belowFree(path, usable, free), evidence, steps);
      }
      return pass(p.subject, C.summaries.fits(path, usable, required), evidence);
    });
  },
});

function remediation(
  path: string,
  term: number,
  required: number,
  low: number,
  usable: number | null,
  free: number | null,
  logBuffers: number | null,
): Remediation[] {
  // Room for eight logs plus the low-storage margin: a size that keeps a busy driver clear of the check.
  const wantedMiB = Math.ceil((8 * required + low) / MiB);
  const smallerTerm = Math.max(64 * 1024, term / 4);
  const values = {
    mount: mountOf(path),
    dir: path,
    wantedMiB,
    requiredBytes: required,
    lowBytes: low,
    usable: usable !== null ? bytes(usable) : C.summaries.nothingUsable,
    smallerTerm,
    smallerLogBytes: logLength(smallerTerm),
    namespaceHint: free !== null && usable !== null && usable < free ? C.summaries.namespaceHint : '',
    logBuffers: C.summaries.logBuffers(logBuffers),
  };
  return C.remediation.keys.map((k) => C.remediation.render(k, values));
}

/** The tmpfs mount aeron.dir lives on, for the usual /dev/shm/<dir> layout. */
function mountOf(path: string): string {
  return path.startsWith('/dev/shm') ? '/dev/shm' : path.slice(0, path.lastIndexOf('/')) || '/';
}
