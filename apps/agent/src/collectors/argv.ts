/** Value of an option given as "--name value", "--name=value" (and "-c value" for short names). */
export function optionValue(argv: readonly string[], ...names: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    for (const n of names) {
      if (argv[i] === n && i + 1 < argv.length) return argv[i + 1];
      if (argv[i].startsWith(`${n}=`)) return argv[i].slice(n.length + 1);
    }
  }
  return null;
}

export function hasFlag(argv: readonly string[], ...names: string[]): boolean {
  return argv.some((a) => names.includes(a) || names.some((n) => a.startsWith(`${n}=`) && !/=(false|0|no|n)$/i.test(a)));
}

/** Java system property -Dname=value. */
export function sysProp(argv: readonly string[], name: string): string | null {
  const p = `-D${name}=`;
  for (let i = argv.length - 1; i >= 0; i--) if (argv[i].startsWith(p)) return argv[i].slice(p.length);
  return null;
}

/** Sizes as Aeron/JVM accept them: 123, 64k, 16m, 1g (binary units). */
export function parseSize(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const m = /^\s*(\d+)\s*([kmgt]?)b?\s*$/i.exec(text);
  if (!m) return null;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const n = Number(m[1]) * mult;
  return Number.isSafeInteger(n) ? n : null;
}

export function intOrNull(text: string | null | undefined): number | null {
  if (text === null || text === undefined || !/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

export const basename = (p: string | null | undefined): string => (p ? (p.split('/').pop() ?? '') : '').replace(/ \(deleted\)$/, '');
