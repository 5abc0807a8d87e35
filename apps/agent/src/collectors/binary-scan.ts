import fs from 'node:fs';
import type { RuntimeKind } from '@memfleet/contracts';

/** Markers searched in a binary's bytes; it is read, never executed. */
export interface BinaryMarks {
  version: string | null;
  googleTcmalloc: boolean;
  gperftools: boolean;
  jemalloc: boolean;
}

const VERSION_PATTERNS: Partial<Record<RuntimeKind, RegExp>> = {
  // Envoy's build version: "<sha>/<version>/<Clean|Modified>/<RELEASE|DEBUG>/<ssl>"
  envoy: /[0-9a-f]{40}\/(\d+\.\d+\.\d+)(?:-dev)?\/(?:Clean|Modified)\/(?:RELEASE|DEBUG)/,
  spin: /\bspin[ /-]v?(\d+\.\d+\.\d+(?:-[\w.]+)?)\b/,
  wasmtime: /\bwasmtime[ /-]v?(\d+\.\d+\.\d+)\b/,
  redis: /(?:Redis server v=|redis_version:)(\d+\.\d+\.\d+)/,
  mongodb: /(?:db version v|mongodb-\S*?-|"version"\s*:\s*")(\d+\.\d+\.\d+)/,
  skynet: /\bLua (5\.\d(?:\.\d+)?)/,
  lua: /\bLua(?:JIT)? (\d\.\d(?:\.\d+)?)/,
  aeron: /\baeron[^\n\0]{0,24}?version[ :=]*v?(\d+\.\d+\.\d+)/i,
};

const CHUNK = 4 * 1024 * 1024;
const OVERLAP = 512;
const MAX_READ = 512 * 1024 * 1024;
const cache = new Map<string, BinaryMarks>();

/** Scans a binary once per (device, inode, mtime, kind); the result is cached for later samples. */
export function scanBinary(absPath: string, kind: RuntimeKind | null): BinaryMarks | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(absPath);
  } catch {
    return null;
  }
  const key = `${st.dev}:${st.ino}:${st.mtimeMs}:${kind ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const pattern = kind ? VERSION_PATTERNS[kind] : undefined;
  const wantAlloc = kind === 'envoy' || kind === 'redis';
  const marks: BinaryMarks = { version: null, googleTcmalloc: false, gperftools: false, jemalloc: false };
  let fd: number;
  try {
    fd = fs.openSync(absPath, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(CHUNK + OVERLAP);
    let carry = 0;
    let pos = 0;
    while (pos < MAX_READ) {
      const n = fs.readSync(fd, buf, carry, CHUNK, pos);
      if (n <= 0) break;
      pos += n;
      const text = buf.toString('latin1', 0, carry + n);
      if (pattern && marks.version === null) {
        const m = pattern.exec(text);
        if (m) marks.version = m[1];
      }
      if (wantAlloc) {
        marks.googleTcmalloc ||= /tcmalloc::|TCMALLOC_/.test(text);
        marks.gperftools ||= /gperftools|google-perftools|MallocExtension::instance/.test(text);
        marks.jemalloc ||= /je_malloc|jemalloc/.test(text);
      }
      const done = (!pattern || marks.version !== null) && (!wantAlloc || (marks.googleTcmalloc && marks.jemalloc));
      if (done) break;
      // keep a tail so a marker split across chunks is still found
      const total = carry + n;
      carry = Math.min(OVERLAP, total);
      buf.copy(buf, 0, total - carry, total);
    }
  } finally {
    fs.closeSync(fd);
  }
  cache.set(key, marks);
  return marks;
}
