import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { gzipSync, createGzip } from 'node:zlib';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { Client } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';
import { until } from '../helpers/until';

const SECRET = 'traces-enroll-secret-0123456789';
const ADMIN = 'traces-admin-token-0123456789';
const MAX_EVENTS = 6_000_000;

type Problem = { status: number; detail: string; errors?: { path: string; reason: string }[] };
const reasonAt = (body: Problem, path: string) => body.errors?.find((e) => e.path === path || e.path.endsWith(`.${path}`))?.reason;

/** A small trace whose replay is easy to check: two VMs, one leak, one double free. */
const SMALL = ['# two VMs', 'a 1 1 100', 'a 1 2 512', 'a 2 1 2048 1000', 'f 1 1 100', 'r 1 2 512 1024', 'f 1 1 100', 'f 2 1 2048', ''].join('\n');

function upload(api: string, token: string, body: Buffer | string | ReadableStream, opts: { query?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${api}/api/v1/traces${opts.query ?? ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain', ...opts.headers },
    body,
    duplex: 'half',
  } as RequestInit).then(async (res) => ({ status: res.status, body: (await res.json().catch(() => null)) as any }));
}

/** Peak resident set of a process so far (kB), from /proc. */
function peakRssKb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

describe('allocation traces over HTTP: upload, queue, analyse, list', { timeout: 300_000 }, () => {
  let db: ThrowawayDb;
  let pg: Client;
  let api: RunningApi;
  let worker: RunningProcess;
  let operator: string;
  let viewer: string;
  let hostId: string;
  const storedRows = async (): Promise<number> => Number((await pg.query('SELECT count(*) AS n FROM traces')).rows[0].n);
  const storedChunks = async (): Promise<number> => Number((await pg.query('SELECT count(*) AS n FROM trace_chunks')).rows[0].n);

  before(async () => {
    db = await createThrowawayDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_TRACE_MAX_EVENTS: String(MAX_EVENTS),
    };
    api = await startApi(env);
    worker = startProcess(WORKER_MAIN, env);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const make = async (name: string, role: string) => (await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name, role } })).body.token as string;
    operator = await make('trace-operator', 'operator');
    viewer = await make('trace-viewer', 'viewer');
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: 'lua-gw-1' });
    const enrolled = await enroll(api.url, SECRET, report);
    hostId = enrolled.hostId;
    assert.equal((await postReport(api.url, enrolled.agentToken, { ...report, sequence: 1 })).status < 300, true);
  });

  after(async () => {
    await pg?.end();
    await worker?.stop();
    await api?.stop();
    await db?.drop();
  });

  let smallId: string;
  it('answers 202 with the id, and a worker analyses the trace: events, errors, leaks and six allocator runs', async () => {
    const res = await upload(api.url, operator, SMALL, { query: `?hostId=${hostId}&subject=${encodeURIComponent('lua (pid 42)')}&name=small.trace` });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.match(res.body.id, /^[0-9a-f-]{36}$/);
    assert.equal(res.body.events, 7);
    smallId = res.body.id;
    const done = await until(
      'the trace analysed',
      async () => {
        const t = await call(`${api.url}/api/v1/traces/${smallId}`, { token: viewer });
        return t.body.status === 'done' || t.body.status === 'failed' ? t.body : null;
      },
      60_000,
    );
    assert.equal(done.status, 'done', done.error);
    assert.equal(done.progress, 1);
    assert.equal(done.hostname, 'lua-gw-1');
    assert.equal(done.subject, 'lua (pid 42)');
    const a = done.analysis;
    assert.equal(a.events, 7);
    assert.equal(a.vms, 2);
    assert.equal(a.errors.doubleFree, 1);
    // Never freed: VM 1's block 2, reallocated to 1,024 B.
    assert.deepEqual({ bytes: a.leaks.bytes, blocks: a.leaks.blocks }, { bytes: 1024, blocks: 1 });
    assert.equal(a.models.length, 6);
    assert.deepEqual(a.models.map((m: { name: string; pools: string }) => `${m.name}/${m.pools}`).sort(), [
      'buddy-no-header/per-vm',
      'buddy/per-vm',
      'buddy/shared',
      'size-classes/per-vm',
      'three-tier/per-vm',
      'three-tier/shared',
    ]);
    for (const m of a.models)
      assert.ok(m.peakFootprintBytes >= m.liveBytesAtPeak + m.internalFragmentationBytes, `${m.name}: footprint covers live + internal`);
  });

  it('lists traces newest first, filtered by host and subject, paged with a cursor', async () => {
    const second = await upload(api.url, operator, gzipSync('a 1 1 64\n'), { headers: { 'content-encoding': 'gzip' } });
    assert.equal(second.status, 202, JSON.stringify(second.body));
    const all = await call(`${api.url}/api/v1/traces?limit=1`, { token: viewer });
    assert.equal(all.status, 200);
    assert.equal(all.body.total, 2);
    assert.equal(all.body.items[0].id, second.body.id);
    assert.equal(all.body.items[0].analysis, undefined, 'lists carry no analysis');
    const next = await call(`${api.url}/api/v1/traces?limit=1&cursor=${all.body.nextCursor}`, { token: viewer });
    assert.equal(next.body.items[0].id, smallId);
    assert.equal(next.body.nextCursor, null);
    const linked = await call(`${api.url}/api/v1/traces?hostId=${hostId}&subject=${encodeURIComponent('lua (pid 42)')}`, { token: viewer });
    assert.deepEqual(
      linked.body.items.map((t: { id: string }) => t.id),
      [smallId],
    );
  });

  it('refuses a malformed trace with 400 naming the first bad line and the count of further ones, and stores nothing', async () => {
    const [rows, chunks] = [await storedRows(), await storedChunks()];
    const res = await upload(api.url, operator, 'a 1 1 64\nx 1 2 3\na 1 two 8\nf 1 1 64\n');
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(reasonAt(res.body, 'body') ?? '', /^line 2: .+ \(and 1 further malformed lines?\)$/);
    assert.equal(await storedRows(), rows);
    assert.equal(await storedChunks(), chunks);
  });

  it('refuses a trace past the event limit with 413 and stores nothing', async () => {
    const rows = await storedRows();
    async function* lines() {
      const batch = 'a 1 1 8\nf 1 1 8\n'.repeat(50_000);
      for (let sent = 0; sent <= MAX_EVENTS; sent += 100_000) yield Buffer.from(batch);
    }
    const res = await upload(api.url, operator, Readable.toWeb(Readable.from(lines())) as ReadableStream);
    assert.equal(res.status, 413, JSON.stringify(res.body));
    assert.match(res.body.detail, /more than 6000000 events/);
    assert.equal(await storedRows(), rows);
  });

  it('answers clear 4xx for bad query fields, media types, encodings and ids', async () => {
    const cases: [string, () => Promise<{ status: number; body: Problem }>, number, string | RegExp][] = [
      ['hostId not a UUID', () => upload(api.url, operator, SMALL, { query: '?hostId=nope' }), 400, 'hostId'],
      ['subject without hostId', () => upload(api.url, operator, SMALL, { query: '?subject=lua' }), 400, 'subject'],
      ['no such host', () => upload(api.url, operator, SMALL, { query: `?hostId=${randomUUID()}` }), 400, 'hostId'],
      ['control characters in name', () => upload(api.url, operator, SMALL, { query: '?name=a%07b' }), 400, 'name'],
      ['JSON body', () => upload(api.url, operator, '{"events":[]}', { headers: { 'content-type': 'application/json' } }), 415, /text\/plain/],
      ['brotli', () => upload(api.url, operator, SMALL, { headers: { 'content-encoding': 'br' } }), 415, /br/],
      ['not gzip', () => upload(api.url, operator, 'plain text', { headers: { 'content-encoding': 'gzip' } }), 400, 'body'],
      // Refused before its body is read, a request with one gets Connection: close; an empty one shows the answer plainly.
      ['viewer uploads', () => upload(api.url, viewer, ''), 403, /operator/],
    ];
    for (const [name, send, status, about] of cases) {
      const res = await send().catch((err: Error) => assert.fail(`${name}: ${err.message} (${String((err.cause as Error | undefined)?.message)})`));
      assert.equal(res.status, status, `${name}: ${JSON.stringify(res.body)}`);
      if (typeof about === 'string') assert.ok(reasonAt(res.body, about), `${name}: names ${about}: ${JSON.stringify(res.body)}`);
      else assert.match(JSON.stringify(res.body), about, name);
    }
    assert.equal((await call(`${api.url}/api/v1/traces/not-a-uuid`, { token: viewer })).status, 400);
    assert.equal((await call(`${api.url}/api/v1/traces/${randomUUID()}`, { token: viewer })).status, 404);
    assert.equal((await call(`${api.url}/api/v1/traces?limit=0`, { token: viewer })).status, 400);
    assert.equal((await call(`${api.url}/api/v1/traces?cursor=zzz`, { token: viewer })).status, 400);
  });

  it('streams a large gzip upload: the API stays within a bounded resident set', async () => {
    // 4,000,000 events, about 70 MB of text: held whole, it alone would add more than the bound.
    const before = peakRssKb(api.child.pid!);
    async function* text() {
      for (let i = 0; i < 40; i++) {
        let s = '';
        for (let j = 0; j < 50_000; j++) {
          const id = i * 50_000 + j;
          s += `a ${id % 64} ${id} ${16 << (id % 8)}\nf ${id % 64} ${id} ${16 << (id % 8)}\n`;
        }
        yield Buffer.from(s);
      }
    }
    const body = Readable.toWeb(Readable.from(text()).pipe(createGzip())) as ReadableStream;
    const res = await upload(api.url, operator, body, { headers: { 'content-encoding': 'gzip' }, query: '?name=large.trace.gz' });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.events, 4_000_000);
    assert.ok(res.body.bytes > 60_000_000, `${res.body.bytes} bytes`);
    const grew = peakRssKb(api.child.pid!) - before;
    assert.ok(grew < 40_000, `the API's peak RSS grew by ${grew} kB during a ${res.body.bytes}-byte upload`);
  });

  it('fuzzed uploads are answered 2xx or 4xx, never 5xx, and a refused one leaves no row', async () => {
    const line = fc.oneof(
      fc.constantFrom('a 1 1 8', 'f 1 1 8', 'r 1 1 8 16', '# note', '', 'a 1 1 8 123456789', 'r 2 9 0 32'),
      fc
        .tuple(fc.constantFrom('a', 'f', 'r', 'x', ''), fc.array(fc.oneof(fc.nat(), fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 5 }))
        .map(([op, args]) => [op, ...args].join(' ')),
      fc.string({ unit: 'binary', maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 20 }), fc.boolean(), async (lines, gzip) => {
        const rows = await storedRows();
        const text = lines.join('\n');
        const res = await upload(api.url, operator, gzip ? gzipSync(text) : text, { headers: gzip ? { 'content-encoding': 'gzip' } : {} });
        assert.ok(res.status === 202 || (res.status >= 400 && res.status < 500), `${res.status} for ${JSON.stringify(text)}`);
        assert.equal(await storedRows(), res.status === 202 ? rows + 1 : rows, `rows after ${res.status}`);
        const uploading = Number((await pg.query(`SELECT count(*) AS n FROM traces WHERE status = 'uploading'`)).rows[0].n);
        assert.equal(uploading, 0);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });
});
