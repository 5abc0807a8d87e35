import { finished } from 'node:stream';
import type { Readable } from 'node:stream';
import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

const EMBEDDED = new WeakSet<DataSource>();

/** Marks a DataSource as embedded PGlite, which serves one session and no COPY ... TO STDOUT. */
export function markEmbedded(ds: DataSource): void {
  EMBEDDED.add(ds);
}

/** Whether `copyOut` may run on this DataSource: real PostgreSQL, not embedded PGlite. */
export const servesCopyOut = (ds: DataSource): boolean => !EMBEDDED.has(ds);

/**
 * `COPY (…) TO STDOUT …` on a connection of its own from the pool, as a byte stream. The connection goes
 * back to the pool when the stream ends; a failed or destroyed stream (a client that went away mid-download)
 * discards it instead, since it is still inside the COPY. Resolves once the first bytes (or the end) are
 * there, so a statement that fails is an ordinary error, not a cut-off file.
 */
export async function copyOut(ds: DataSource, statement: string): Promise<Readable> {
  const pool = (ds.driver as PostgresDriver).master as Pool;
  const client: PoolClient = await pool.connect();
  let released = false;
  const release = (err?: Error) => {
    if (released) return;
    released = true;
    client.release(err ?? undefined);
  };
  let stream: Readable;
  try {
    stream = client.query(copyTo(statement));
  } catch (err) {
    release(err as Error);
    throw err;
  }
  finished(stream, (err) => release(err ?? undefined));
  // A destroyed stream may never report through finished() when it was never read.
  stream.once('close', () => release(stream.readableEnded ? undefined : new Error('COPY stream closed before its end')));
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    stream.once('error', onError);
    stream.once('readable', () => {
      stream.off('error', onError);
      resolve();
    });
  });
  return stream;
}
