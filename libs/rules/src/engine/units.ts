export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;

/** Binary units, two decimals: what SREs compare with free -h and df -h. */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return 'unknown';
  const abs = Math.abs(n);
  for (const [unit, size] of [['TiB', TiB], ['GiB', GiB], ['MiB', MiB], ['KiB', KiB]] as const) {
    if (abs >= size) return `${(n / size).toFixed(2)} ${unit}`;
  }
  return `${n} B`;
}

export const count = (n: number) => n.toLocaleString('en-US');

/** Compares dotted versions ("1.25.9" < "1.34"); non-numeric suffixes are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split(/[.+-]/).map((x) => parseInt(x, 10));
  const pb = b.replace(/^v/, '').split(/[.+-]/).map((x) => parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.isNaN(pa[i] ?? 0) ? 0 : (pa[i] ?? 0);
    const y = Number.isNaN(pb[i] ?? 0) ? 0 : (pb[i] ?? 0);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
