import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvStream } from '@memfleet/exports';
import type { KeysetCursor } from '@memfleet/persistence';
import { keysetRows } from './list-export';

type Row = { id: string; n: number; sort_value: string };
const table: Row[] = Array.from({ length: 7 }, (_, i) => ({ id: `id-${i}`, n: i, sort_value: String(i) }));

function fakeBatches() {
  const calls: (KeysetCursor | null)[] = [];
  const fetch = async (after: KeysetCursor | null, limit: number) => {
    calls.push(after);
    const from = after ? table.findIndex((r) => r.id === after.id) + 1 : 0;
    return table.slice(from, from + limit);
  };
  return { calls, fetch };
}

describe('keyset export rows', () => {
  it('gives every row once, asking for each batch after the last row of the previous one, without sort_value', async () => {
    const { calls, fetch } = fakeBatches();
    const out: unknown[] = [];
    for await (const row of await keysetRows<{ id: string; n: number }>(fetch, 3)) out.push(row);
    assert.deepEqual(
      out,
      table.map(({ id, n }) => ({ id, n })),
    );
    assert.deepEqual(calls, [null, { v: '2', id: 'id-2' }, { v: '5', id: 'id-5' }]);
  });

  it('reads the first batch before answering, the next one while the consumer takes the previous, and no further', async () => {
    const { calls, fetch } = fakeBatches();
    const rows = await keysetRows<{ id: string; n: number }>(fetch, 2);
    assert.equal(calls.length, 1, 'first batch read eagerly');
    const it = rows[Symbol.asyncIterator]();
    await it.next();
    assert.equal(calls.length, 2, 'the second batch is read while the first is written out');
    await it.next();
    assert.equal(calls.length, 2, 'nothing more read while the consumer holds back');
    await it.next();
    assert.equal(calls.length, 3);
  });

  it('honours backpressure through the CSV stream: a writer that does not drain stops the batches', async () => {
    const many: Row[] = Array.from({ length: 50_000 }, (_, i) => ({ id: `id-${String(i).padStart(6, '0')}`, n: i, sort_value: String(i) }));
    let fetched = 0;
    const rows = await keysetRows<{ id: string; n: number }>(async (after, limit) => {
      const from = after ? Number(after.v) + 1 : 0;
      fetched += Math.min(limit, many.length - from);
      return many.slice(from, from + limit);
    }, 1000);
    const out = csvStream([{ header: 'n', value: (r: { n: number }) => r.n }], rows);
    let release!: () => void;
    const stuck = new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, done) {
        release = done; // never calls back until released: a client that stopped reading
      },
    });
    const done = pipeline(out, stuck);
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(fetched < 10_000, `${fetched} rows fetched while the client read nothing`);
    stuck._write = (_c, _e, cb) => cb();
    release();
    await done;
    assert.equal(fetched, many.length);
  });
});
