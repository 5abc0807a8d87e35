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
 * `COPY (…) TO STDOUT …` on a connection of its own from the pool, as a byte stream, without JIT: an export's
 * per-row expressions cost more to compile than they save (measured on the findings CSV: 49k → 64k rows/s).
 * The connection leaves the pool when the stream ends, fails or is destroyed (a client that went away
 * mid-download): discarded rather than returned, as it is still inside the COPY or still without JIT, and the
 * pool opens a fresh one when needed. Resolves once the first bytes (or the end) are there, so a statement
 * that fails is an ordinary error, not a cut-off file.
 */
export async function copyOut(ds: DataSource, statement: string): Promise<Readable> {
  const pool = (ds.driver as PostgresDriver).master as Pool;
  const client: PoolClient = await pool.connect();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    client.release(true);
  };
  let stream: Readable;
  try {
    await client.query('SET jit = off');
    stream = client.query(copyTo(statement));
  } catch (err) {
    release();
    throw err;
  }
  finished(stream, release);
  stream.once('close', release); // a destroyed stream that was never read may not report through finished()
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
