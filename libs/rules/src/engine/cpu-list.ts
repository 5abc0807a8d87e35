/** Parses a kernel CPU range list ("0-3,6,8-9") into a sorted array of CPU ids; null when unreadable. */
export function parseCpuList(text: string | null | undefined): number[] | null {
  if (text === null || text === undefined) return null;
  const out: number[] = [];
  for (const part of text.trim().split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-').map((s) => Number(s.trim()));
    if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b))) return null;
    for (let c = a; c <= (b ?? a); c++) out.push(c);
  }
  return out;
}

/** Formats CPU ids back into the kernel's range-list form. */
export function formatCpuList(cpus: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j] + 1) j++;
    parts.push(i === j ? `${cpus[i]}` : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** True when the set is not one contiguous run starting at CPU 0. */
export function hasGaps(cpus: readonly number[]): boolean {
  return cpus.length > 0 && (cpus[0] !== 0 || cpus[cpus.length - 1] !== cpus.length - 1);
}
