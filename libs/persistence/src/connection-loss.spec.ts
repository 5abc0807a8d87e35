import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client, type Pool, type PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { migratedDataSource, PG_ADMIN_URL } from '../../../test/helpers/throwaway-db';
import { isDatabaseUnavailable } from './database-unavailable';
import { openIngestPool } from './repositories/reports.repository';

/** Ends a connection from the server side, as a PostgreSQL shutdown or restart does (57P01 to every session). */
async function terminate(client: PoolClient | Client): Promise<void> {
  const pid = (client as unknown as { processID: number }).processID;
  const ended = new Promise((r) => client.once('end', r));
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
  await ended;
}

// An 'error' nobody listens to ends the process: these fail by crashing the test run.
describe('connections PostgreSQL ends do not crash the process', () => {
  let ds: DataSource;
  let url: string;
  let close: () => Promise<void>;

  before(async () => {
    let db;
    ({ ds, db, close } = await migratedDataSource(2));
    url = db.url;
  });
  after(async () => close());

  it('the ingest pool: an idle connection ended by the server is dropped, and the pool carries on', async () => {
    const errors: Error[] = [];
    const pool: Pool = openIngestPool(url, 2, (err) => errors.push(err));
    try {
      const client = await pool.connect();
      client.release();
      await terminate(client);
      assert.equal(errors.length, 1, 'reported to the listener the caller gave');
      assert.ok(isDatabaseUnavailable(errors[0]), errors[0].message);
      assert.equal((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await pool.end();
    }
  });

  it('the DataSource: a connection ended while checked out, before its owner listens, is survived', async () => {
    // TypeORM takes a connection like this and adds its error listener a tick later.
    const [client, release] = (await (ds.driver as PostgresDriver).obtainMasterConnection()) as [PoolClient, (err?: Error) => void];
    await terminate(client);
    release(new Error('connection ended'));
    assert.deepEqual(await ds.query('SELECT 1 AS one'), [{ one: 1 }]);
  });

  it('the ingest pool: a connection ended while checked out, before its owner listens, is survived', async () => {
    const pool = openIngestPool(url, 2, () => undefined);
    try {
      const client = await pool.connect(); // pg-pool takes its listener off a client it hands out
      await terminate(client);
      client.release(new Error('connection ended'));
      assert.equal((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await pool.end();
    }
  });
});

describe('isDatabaseUnavailable', () => {
  it('names the errors of a database that is away, and not those of a statement it refused or of an aborted upload', async () => {
    const refused = await new Client({ connectionString: 'postgres://postgres@127.0.0.1:1/x' }).connect().catch((e: Error) => e);
    assert.ok(isDatabaseUnavailable(refused), String(refused));
    assert.ok(isDatabaseUnavailable({ code: '57P01', message: 'terminating connection due to administrator command' }));
    assert.ok(isDatabaseUnavailable({ code: '57P03', message: 'the database system is starting up' }));
    assert.ok(isDatabaseUnavailable({ code: '08006' }));
    assert.ok(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')));
    assert.ok(isDatabaseUnavailable({ message: 'wrapped', driverError: { code: '57P01' } }), 'TypeORM QueryFailedError');
    assert.ok(isDatabaseUnavailable(Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED', syscall: 'connect' })]))));
    assert.ok(!isDatabaseUnavailable({ code: '23505', message: 'duplicate key value violates unique constraint' }));
    assert.ok(!isDatabaseUnavailable({ code: '08P01', message: 'protocol violation' }));
    assert.ok(!isDatabaseUnavailable(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), 'a client that hung up mid-body');
    assert.ok(!isDatabaseUnavailable(new Error('boom')));
    assert.ok(!isDatabaseUnavailable(null));
  });
});
