import { Transform, type TransformCallback } from 'node:stream';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * PostgreSQL's COPY CSV ends records with LF; RFC 4180 (and csv-stringify) with CRLF. This turns every LF
 * outside a quoted field into CRLF and leaves LFs inside quoted fields alone. Quote state carries over
 * chunk boundaries; a doubled quote toggles twice, so it needs no special case. Works on UTF-8 bytes
 * (neither byte occurs inside a multi-byte character). `prefix` (the header row) is written first.
 */
export function crlfRecords(prefix = ''): Transform {
  let quoted = false;
  let started = false;
  const start = (t: Transform) => {
    if (started) return;
    started = true;
    if (prefix) t.push(prefix);
  };
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      start(this);
      const atStart = quoted;
      let ends = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (b === QUOTE) quoted = !quoted;
        else if (b === LF && !quoted) ends++;
      }
      if (!ends) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length + ends);
      let q = atStart;
      let o = 0;
      let from = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (b === QUOTE) q = !q;
        else if (b === LF && !q) {
          o += chunk.copy(out, o, from, i);
          out[o++] = CR;
          from = i; // the LF itself goes out with the next run
        }
      }
      chunk.copy(out, o, from);
      done(null, out);
    },
    flush(done: TransformCallback) {
      start(this);
      done();
    },
  });
}
