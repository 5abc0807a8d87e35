/** A malformed trace: the first bad line, and how many more followed it. */
export class TraceFormatError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
    readonly furtherMalformed: number,
  ) {
    super(`line ${line}: ${reason}` + (furtherMalformed > 0 ? ` (and ${furtherMalformed} further malformed lines)` : ''));
    this.name = 'TraceFormatError';
  }
}

/** A trace beyond the event or byte limit. */
export class TraceLimitError extends Error {
  constructor(
    readonly limit: 'events' | 'bytes',
    readonly max: number,
  ) {
    super(limit === 'events' ? `trace has more than ${max} events (limit)` : `trace is larger than ${max} bytes uncompressed (limit)`);
    this.name = 'TraceLimitError';
  }
}
