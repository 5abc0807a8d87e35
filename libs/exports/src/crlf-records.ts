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
  const ends: number[] = []; // where this chunk's records end
  let started = false;
  const start = (t: Transform) => {
    if (started) return;
    started = true;
    if (prefix) t.push(prefix);
  };
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      start(this);
      // memchr (indexOf) from quote to quote and line end to line end: most bytes are never looked at in JS.
      ends.length = 0;
      let nextQuote = chunk.indexOf(QUOTE);
      let nextLf = chunk.indexOf(LF);
      for (;;) {
        if (quoted) {
          if (nextQuote < 0) break;
          quoted = false;
          const at = nextQuote + 1;
          nextQuote = chunk.indexOf(QUOTE, at);
          if (nextLf >= 0 && nextLf < at) nextLf = chunk.indexOf(LF, at);
        } else if (nextLf >= 0 && (nextQuote < 0 || nextLf < nextQuote)) {
          ends.push(nextLf);
          nextLf = chunk.indexOf(LF, nextLf + 1);
        } else if (nextQuote >= 0) {
          quoted = true;
          nextQuote = chunk.indexOf(QUOTE, nextQuote + 1);
        } else break;
      }
      if (!ends.length) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length + ends.length);
      let o = 0;
      let from = 0;
      for (const at of ends) {
        o += chunk.copy(out, o, from, at);
        out[o++] = CR;
        from = at; // the LF itself goes out with the next run
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
