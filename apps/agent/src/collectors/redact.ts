// Secrets never leave the host: values of secret-like options are replaced before anything is reported.
const SECRET_KEY = /(pass(word|wd|phrase)?|token|secret|api[-_.]?key|access[-_.]?key|credential|auth|private[-_.]?key|requirepass|masterauth)/i;
export const REDACTED = '***';

function redactArg(arg: string): string {
  // URL user info: scheme://user:pass@host
  let out = arg.replace(/(\w+:\/\/[^:/@\s]+:)[^@/\s]+@/g, `$1${REDACTED}@`);
  // key=value or -Dkey=value where the key looks secret
  out = out.replace(/^(-{0,2}(?:D)?[\w.-]*)=(.*)$/s, (m, key: string) => (SECRET_KEY.test(key) ? `${key}=${REDACTED}` : m));
  return out;
}

/** Redacts an argv: "--password=x", "password=x", "--token x", "-Dx.password=y", URL passwords. */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    out.push(redactArg(a));
    // "--token value" / "requirepass value": the next word is the secret
    if (/^-{0,2}[\w.-]+$/.test(a) && SECRET_KEY.test(a) && i + 1 < argv.length && !argv[i + 1].startsWith('-')) {
      out.push(REDACTED);
      i++;
    }
  }
  return out;
}

/** Redacts free text such as JAVA_TOOL_OPTIONS or an ExecStart line, word by word. */
export function redactText(text: string): string {
  return redactArgv(text.split(/\s+/).filter(Boolean)).join(' ');
}

const ENV_PREFIXES = ['SPIN_', 'AERON_', 'MALLOC_'];
const ENV_NAMES = new Set(['GATEWAY_CONCURRENCY', 'GLIBC_TUNABLES', 'JAVA_HOME', 'JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS', '_JAVA_OPTIONS', 'ES_JAVA_OPTS']);

export function envAllowed(name: string): boolean {
  return ENV_NAMES.has(name) || ENV_PREFIXES.some((p) => name.startsWith(p));
}

/** Parses /proc/<pid>/environ and keeps only allow-listed names (values redacted as text too). */
export function allowListedEnv(environ: string): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const kv of environ.split('\0')) {
    const eq = kv.indexOf('=');
    if (eq <= 0) continue;
    const name = kv.slice(0, eq);
    if (!envAllowed(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.length > 64) continue;
    out[name] = redactText(kv.slice(eq + 1)).slice(0, 4096);
    if (++n >= 64) break;
  }
  return out;
}
