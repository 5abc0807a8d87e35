/**
 * Number of CPU ids a Linux kernel can have at most: NR_CPUS tops out at 8192 upstream (x86-64 with MAXSMP,
 * powerpc; arm64 allows 4096), so ids run from 0 to 8191. Anything larger in a report is not a real host, and
 * bounding it keeps one report from expanding into millions of ids during validation or evaluation.
 */
export const MAX_CPUS = 8192;

const PART = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/** The ranges of a kernel CPU list ("0-3,6,8-9"), or null when malformed, reversed, beyond MAX_CPUS or
 * naming more than MAX_CPUS ids in all. */
function cpuRanges(text: string): Array<[number, number]> | null {
  const t = text.trim();
  if (t === '') return [];
  const out: Array<[number, number]> = [];
  let total = 0;
  for (const part of t.split(',')) {
    const m = PART.exec(part.trim());
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    total += b - a + 1;
    // repeated ranges ("0-8191,0-8191,…") would each stay under the bound yet expand to millions of ids
    if (b < a || b >= MAX_CPUS || total > MAX_CPUS) return null;
    out.push([a, b]);
  }
  return out;
}

/** True when `text` is a CPU list the kernel could print; checks without expanding the ranges. */
export function isCpuList(text: string): boolean {
  return cpuRanges(text) !== null;
}

/** Parses a kernel CPU range list ("0-3,6,8-9") into sorted, distinct CPU ids; null when absent or not a CPU list. */
export function parseCpuList(text: string | null | undefined): number[] | null {
  if (text === null || text === undefined) return null;
  const ranges = cpuRanges(text);
  if (ranges === null) return null;
  const out: number[] = [];
  let ordered = true;
  for (const [a, b] of ranges) {
    if (out.length > 0 && a <= out[out.length - 1]) ordered = false;
    for (let c = a; c <= b; c++) out.push(c);
  }
  // the kernel prints ascending, disjoint ranges; anything else is sorted and deduplicated
  return ordered ? out : [...new Set(out)].sort((x, y) => x - y);
}

/** Formats CPU ids back into the kernel's range-list form. */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** True when sorted, distinct CPU ids are not one contiguous run starting at CPU 0. */
export function hasGaps(cpus: readonly number[]): boolean {
  return cpus.length > 0 && (cpus[0] !== 0 || cpus[cpus.length - 1] !== cpus.length - 1);
}
