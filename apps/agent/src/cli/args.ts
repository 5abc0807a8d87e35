/** Parsed command line: positional words, --name value / --name=value options (repeatable), boolean flags. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export class UsageError extends Error {}

/** `valued` lists the options that take a value; anything else starting with -- is a flag. */
export function parseArgs(argv: readonly string[], valued: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { positionals: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-h') {
      out.flags.add('help');
      continue;
    }
    if (!a.startsWith('--')) {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (valued.includes(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      out.options.set(name, [...(out.options.get(name) ?? []), value]);
    } else if (eq >= 0) throw new UsageError(`--${name} takes no value`);
    else out.flags.add(name);
  }
  return out;
}

export function option(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return v ? v[v.length - 1] : undefined;
}

/** "30s", "5m", "1h", "300" (seconds) → seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`not a duration: ${text} (use e.g. 30s, 5m, 1h)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n / 1000 : unit === 's' ? n : unit === 'm' ? n * 60 : n * 3600;
}

/** --label k=v … → record; keys as the report schema accepts them. */
export function parseLabels(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const key = eq > 0 ? v.slice(0, eq) : '';
    if (!/^[A-Za-z0-9_.\-/]{1,63}$/.test(key)) throw new UsageError(`--label needs key=value with a key of [A-Za-z0-9_.-/], got: ${v}`);
    out[key] = v.slice(eq + 1).slice(0, 256);
  }
  return out;
}

/** Every unknown flag or option is an error, so a typo does not silently change behaviour. */
export function rejectUnknown(args: ParsedArgs, known: readonly string[]): void {
  for (const f of args.flags) if (!known.includes(f)) throw new UsageError(`unknown option --${f}`);
  for (const o of args.options.keys()) if (!known.includes(o)) throw new UsageError(`unknown option --${o}`);
}
