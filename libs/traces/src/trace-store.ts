import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, gunzipSync } from 'node:zlib';
import { TraceReader, type TraceLimits } from '@memfleet/trace-lab';
import type { NewTrace, TracesRepository } from '@memfleet/persistence';

/** Stored chunk size (gzip bytes): small enough that a reader holds little and an embedded API yields often. */
export const TRACE_CHUNK_BYTES = 256 * 1024;

export interface StoredTrace {
  id: string;
  bytes: number;
  events: number;
  storedBytes: number;
}

/**
 * Streams one upload into PostgreSQL: the body (plain or gzip) is parsed line by line as it arrives and
 * written as ordered gzip chunks, never held whole. A malformed trace (TraceFormatError), a trace past a
 * limit (TraceLimitError) or a broken body leaves nothing stored: the row is deleted before the error is
 * rethrown, and until the last chunk is in, the row is `uploading`, which no list or read shows.
 */
export async function storeTrace(traces: TracesRepository, body: Readable, gzipped: boolean, meta: NewTrace, limits: TraceLimits): Promise<StoredTrace> {
  const id = await traces.begin(meta);
  const reader = new TraceReader(limits);
  let seq = 0;
  let storedBytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (!pendingBytes) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    storedBytes += data.length;
    await traces.appendChunk(id, seq++, data);
  };
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        reader.write(chunk);
        done(null, chunk);
      } catch (err) {
        done(err as Error);
      }
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < TRACE_CHUNK_BYTES) return done();
      flush().then(() => done(), done);
    },
    final(done) {
      flush().then(() => done(), done);
    },
  });
  try {
    const stages: NodeJS.ReadWriteStream[] = gzipped ? [createGunzip()] : [];
    // The request itself stays out of the pipeline's reach: on a refusal it is drained, not destroyed, so the client reads the answer.
    const source = Readable.from(body.iterator({ destroyOnReturn: false }));
    await pipeline([source, ...stages, check, createGzip({ level: 1 }), sink]);
    reader.end();
    await traces.finishUpload(id, { bytes: reader.bytes, events: reader.events, storedBytes });
    return { id, bytes: reader.bytes, events: reader.events, storedBytes };
  } catch (err) {
    await traces.discard(id);
    throw err;
  }
}

/** A stored trace's text, chunk by chunk in order, inflated as it is read; one chunk in memory at a time. */
export function readStoredTrace(traces: TracesRepository, id: string): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const data = await traces.chunk(id, seq);
      if (!data) return;
      yield data;
    }
  }
  const text = createGunzip();
  // pipeline destroys `text` with the error of any stage (a lost connection), so its reader sees it.
  pipeline(Readable.from(chunks()), text).catch(() => undefined);
  return text;
}

/** For tests: a small stored trace read back whole. */
export async function readStoredTraceText(traces: TracesRepository, id: string): Promise<string> {
  const parts: Buffer[] = [];
  for (let seq = 0; ; seq++) {
    const data = await traces.chunk(id, seq);
    if (!data) break;
    parts.push(data);
  }
  return parts.length ? gunzipSync(Buffer.concat(parts)).toString() : '';
}
