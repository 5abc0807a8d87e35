import { TraceFormatError, TraceLimitError } from './trace-errors';
import { DEFAULT_TRACE_LIMITS, TraceLimits } from './trace-types';

export const OP_ALLOC = 0;
export const OP_FREE = 1;
export const OP_REALLOC = 2;

/**
 * Receives each well-formed event. `vm` and `id` are the trace's numbers; for `a`/`f` `x` is the size and `y` is 0,
 * for `r` `x` is the old size and `y` the new one. Plain numbers, so a replay allocates no object per event.
 */
export type TraceEventSink = (op: number, vm: number, id: number, x: number, y: number) => void;

/** Longer lines are malformed: a real event line is a few dozen bytes. */
export const MAX_LINE_BYTES = 4096;

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const HASH = 35;

/** Streaming validator: parses lines as chunks arrive (chunks split lines anywhere), never holds the whole trace. */
export class TraceReader {
  private readonly limits: TraceLimits;
  private carry: Buffer | null = null;
  private carryOverflow = false;
  private firstBadLine = 0;
  private firstBadReason = '';
  private malformed = 0;
  private ended = false;
  private readonly fields = new Float64Array(8);
  private _events = 0;
  private _bytes = 0;
  private _lines = 0;

  constructor(
    limits?: Partial<TraceLimits>,
    private readonly sink?: TraceEventSink,
  ) {
    this.limits = { ...DEFAULT_TRACE_LIMITS, ...limits };
  }

  get events(): number {
    return this._events;
  }
  get bytes(): number {
    return this._bytes;
  }
  get lines(): number {
    return this._lines;
  }
  /** Malformed lines seen so far (0 for a valid trace). */
  get malformedLines(): number {
    return this.malformed;
  }

  write(chunk: Buffer | string): void {
    if (this.ended) throw new Error('TraceReader.write after end');
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this._bytes += buf.length;
    if (this._bytes > this.limits.maxBytes) throw new TraceLimitError('bytes', this.limits.maxBytes);
    let pos = 0;
    let nl = buf.indexOf(NL);
    if (this.carry !== null && nl >= 0) {
      this.appendCarry(buf, 0, nl);
      const line = this.carry;
      this.carry = null;
      this.finishCarried(line);
      pos = nl + 1;
      nl = buf.indexOf(NL, pos);
    }
    while (nl >= 0) {
      this.line(buf, pos, nl);
      pos = nl + 1;
      nl = buf.indexOf(NL, pos);
    }
    if (pos < buf.length) this.appendCarry(buf, pos, buf.length);
  }

  end(): void {
    if (!this.ended) {
      this.ended = true;
      if (this.carry !== null) {
        const line = this.carry;
        this.carry = null;
        this.finishCarried(line);
      }
    }
    if (this.malformed > 0) throw new TraceFormatError(this.firstBadLine, this.firstBadReason, this.malformed - 1);
  }

  private appendCarry(buf: Buffer, start: number, end: number): void {
    if (this.carryOverflow) return;
    const have = this.carry === null ? 0 : this.carry.length;
    if (have + end - start > MAX_LINE_BYTES) {
      this.carryOverflow = true;
      this.carry = Buffer.alloc(0);
      return;
    }
    const part = Buffer.from(buf.subarray(start, end));
    this.carry = this.carry === null ? part : Buffer.concat([this.carry, part]);
  }

  private finishCarried(line: Buffer): void {
    if (this.carryOverflow) {
      this.carryOverflow = false;
      this._lines++;
      this.bad(`line longer than ${MAX_LINE_BYTES} bytes`);
      return;
    }
    this.line(line, 0, line.length);
  }

  private bad(reason: string): void {
    if (this.malformed === 0) {
      this.firstBadLine = this._lines;
      this.firstBadReason = reason;
    }
    this.malformed++;
  }

  /** Parses buf[start, end) — one line without its newline. */
  private line(buf: Buffer, start: number, end: number): void {
    this._lines++;
    if (end - start > MAX_LINE_BYTES) return this.bad(`line longer than ${MAX_LINE_BYTES} bytes`);
    let p = start;
    while (p < end && isBlank(buf[p])) p++;
    if (p === end || buf[p] === HASH) return;
    const opChar = buf[p];
    const op = opChar === 97 ? OP_ALLOC : opChar === 102 ? OP_FREE : opChar === 114 ? OP_REALLOC : -1;
    p++;
    if (op < 0 || (p < end && !isBlank(buf[p]) && buf[p] !== HASH)) {
      let q = p;
      while (q < end && !isBlank(buf[q]) && buf[q] !== HASH) q++;
      return this.bad(`unknown event "${buf.toString('utf8', start + (p - 1 - start), q).trim()}" (expected a, f or r)`);
    }
    const fields = this.fields;
    let n = 0;
    for (;;) {
      while (p < end && isBlank(buf[p])) p++;
      if (p === end || buf[p] === HASH) break;
      if (n === fields.length) return this.bad('too many fields');
      let value = 0;
      let digits = 0;
      const fieldStart = p;
      if (buf[p] === 48 && p + 1 < end && (buf[p + 1] === 120 || buf[p + 1] === 88)) {
        p += 2;
        for (; p < end; p++) {
          const h = hexDigit(buf[p]);
          if (h < 0) break;
          value = value * 16 + h;
          digits++;
        }
      } else {
        for (; p < end; p++) {
          const c = buf[p] - 48;
          if (c < 0 || c > 9) break;
          value = value * 10 + c;
          digits++;
        }
      }
      if (digits === 0 || (p < end && !isBlank(buf[p]) && buf[p] !== HASH)) {
        while (p < end && !isBlank(buf[p]) && buf[p] !== HASH) p++;
        return this.bad(`field ${n + 2} "${buf.toString('utf8', fieldStart, p)}" is not a non-negative integer`);
      }
      if (value > Number.MAX_SAFE_INTEGER) return this.bad(`field ${n + 2} is too large`);
      fields[n++] = value;
    }
    const want = op === OP_REALLOC ? 4 : 3;
    if (n !== want && n !== want + 1) {
      const shape = op === OP_REALLOC ? 'r <vm> <id> <oldsize> <newsize> [ns]' : `${op === OP_ALLOC ? 'a' : 'f'} <vm> <id> <size> [ns]`;
      return this.bad(`expected "${shape}", got ${n} field${n === 1 ? '' : 's'} after the event letter`);
    }
    if (op === OP_ALLOC && fields[2] === 0) return this.bad('allocation of size 0');
    if (fields[2] > 0x7fffffff || (op === OP_REALLOC && fields[3] > 0x7fffffff)) {
      return this.bad('size larger than 2 GiB');
    }
    if (this._events + 1 > this.limits.maxEvents) throw new TraceLimitError('events', this.limits.maxEvents);
    this._events++;
    // Once a line is malformed the trace is rejected; keep validating but stop replaying.
    if (this.sink && this.malformed === 0) {
      // small integers as int32 so the call passes them unboxed
      const vm = fields[0];
      const id = fields[1];
      this.sink(op, vm <= 0x3fffffff ? vm | 0 : vm, id <= 0x3fffffff ? id | 0 : id, fields[2] | 0, op === OP_REALLOC ? fields[3] | 0 : 0);
    }
  }
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
