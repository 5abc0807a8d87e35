import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Client } from 'pg';
import { sampleReport, type Report } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

// Property-based fuzzing of the two endpoints agents call, and of the list queries, over HTTP against the real API process.
// `npm test` runs a fixed seed and a few hundred cases; `npm run fuzz` runs FUZZ_RUNS cases (and
// FUZZ_SEED, when given) of each.
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const ADMIN = 'test-admin-token-0123456789abcdef';
const SECRET = 'test-enroll-secret-0123456789abcdef';
const RAW = '"@raw-json@"';

type Path = (string | number)[];

/** Every path into a JSON value (objects and arrays included), iteratively. */
function pathsOf(value: unknown, skip: ReadonlySet<string>): Path[] {
  const out: Path[] = [];
  const stack: { v: unknown; path: Path }[] = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    out.push(path);
    if (v === null || typeof v !== 'object') continue;
    for (const [k, child] of Array.isArray(v) ? v.map((c, i) => [i, c] as const) : Object.entries(v)) {
      if (path.length === 0 && skip.has(String(k))) continue;
      stack.push({ v: child, path: [...path, k] });
    }
  }
  return out;
}

/** A value that, at some path, a valid body must not carry (or may, for the ones that happen to be valid). */
type Mutation =
  | { kind: 'set'; value: unknown }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'raw'; shape: 'arrays' | 'objects'; depth: number }
  | { kind: 'raw'; shape: 'number'; text: string }
  | { kind: 'delete' };

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const badString = fc.oneof(
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udfff'), fc.string({ maxLength: 8 })).map((p) => p.join('')),
  fc.tuple(fc.string({ maxLength: 8 }), loneSurrogate).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.integer({ min: 257, max: 200_000 }).map((n) => 'x'.repeat(n)),
);
const badTimestamp = fc.oneof(
  fc.constantFrom(
    '2024-01-01T00:00:00+23:59',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:60Z',
    '2024-02-30T12:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01 00:00:00',
  ),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
);
const hugeNumber = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53, 2 ** 64, -1, 0.5, 1e21, 4_000_000_000, 65_536, 8192),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const wrongType = fc.oneof(fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([]), fc.jsonValue({ maxDepth: 3 }));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.oneof(badString, badTimestamp, hugeNumber, wrongType).map((value) => ({ kind: 'set' as const, value })),
  fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), badString), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => ({ kind: 'extra' as const, key, value })),
  // JSON text JSON.stringify cannot write, kept as a short description so a counterexample prints small
  fc.record({ kind: fc.constant('raw' as const), shape: fc.constantFrom('arrays' as const, 'objects' as const), depth: fc.integer({ min: 65, max: 20_000 }) }),
  fc.record({
    kind: fc.constant('raw' as const),
    shape: fc.constant('number' as const),
    text: fc.constantFrom('1e400', '-1e400', '-0', '1'.padEnd(400, '0'), '1E-400'),
  }),
  fc.constant({ kind: 'delete' as const }),
);

/** A list query: each parameter absent, plausible or hostile (mostly valid sort and limit, so the cursor is read). */
const SORTS = {
  '/api/v1/hosts': ['hostname', '-hostname', 'lastSeenAt', '-lastSeenAt', 'critical', '-warning'],
  '/api/v1/findings': ['-lastSeenAt', 'lastSeenAt', 'severity', '-openedAt'],
};
const listQuery = (path: keyof typeof SORTS) =>
  fc.record(
    {
      cursor: fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .record({
              v: fc.oneof(fc.string({ maxLength: 12 }), badString, badTimestamp, hugeNumber, wrongType, fc.integer()),
              id: fc.oneof(fc.uuid(), fc.constant('-'.repeat(36)), fc.stringMatching(/^[0-9a-f-]{36}$/), fc.string({ maxLength: 40 })),
            })
            .map((c) => Buffer.from(JSON.stringify(c)).toString('base64url')),
        },
        fc.string({ maxLength: 64 }),
        badString,
      ),
      q: fc.oneof(fc.string({ maxLength: 12 }), badString),
      label: fc.oneof(
        fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([k, v]) => `${k}=${v}`),
        badString,
      ),
      sort: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SORTS[path]) }, fc.string({ maxLength: 12 })),
      limit: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 500 }).map(String) },
        fc.integer({ min: -5, max: 1000 }).map(String),
        fc.string({ maxLength: 8 }),
      ),
    },
    { requiredKeys: ['cursor'] },
  );
const listRequest = fc.constantFrom(...(Object.keys(SORTS) as (keyof typeof SORTS)[])).chain((path) => listQuery(path).map((query) => ({ path, query })));

/** The body as JSON text with `m` applied at `path`. */
function mutate(body: object, path: Path, m: Mutation): string {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let holder: Record<string | number, unknown> | null = null;
  let target: unknown = copy;
  for (const seg of path) {
    holder = target as Record<string | number, unknown>;
    target = holder[seg];
  }
  const key = path[path.length - 1];
  const place = (value: unknown) => {
    if (holder === null) return value;
    holder[key] = value;
    return copy;
  };
  switch (m.kind) {
    case 'set':
      return JSON.stringify(place(m.value));
    case 'delete':
      if (holder && Array.isArray(holder)) holder.splice(Number(key), 1);
      else if (holder) delete holder[key];
      return JSON.stringify(holder ? copy : undefined) ?? '';
    case 'extra':
      if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
      else place({ [m.key]: m.value });
      return JSON.stringify(copy);
    case 'raw': {
      const text =
        m.shape === 'number' ? m.text : m.shape === 'arrays' ? '['.repeat(m.depth) + ']'.repeat(m.depth) : '{"a":'.repeat(m.depth) + '1' + '}'.repeat(m.depth);
      return JSON.stringify(place('@raw-json@')).replace(RAW, () => text);
    }
  }
}

describe(
  'fuzzed reports, enrolls and list queries over HTTP (API process with BullMQ workers, real PostgreSQL and Redis)',
  { timeout: 120_000 + RUNS * 2 * 500 },
  () => {
    let db: ThrowawayDb;
    let api: RunningApi;
    let pg: Client;
    let token: string;
    let sequence = 0;
    const base = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const rows = async () =>
      (
        await pg.query(
          `SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM host_configs) AS configs, (SELECT count(*) FROM hosts) AS hosts,
                (SELECT count(*) FROM agent_tokens) AS tokens`,
        )
      ).rows[0] as Record<string, string>;
    const fresh = (): Report => ({ ...structuredClone(base), sequence: ++sequence, collectedAt: new Date().toISOString() });

    before(async () => {
      db = await createThrowawayDatabase();
      api = await startApi({
        DATABASE_URL: db.url,
        REDIS_URL: REDIS_TEST_URL,
        MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
        MEMFLEET_RUN_WORKERS: 'true',
        MEMFLEET_ADMIN_TOKEN: ADMIN,
        MEMFLEET_ENROLL_SECRET: SECRET,
        // the fuzz is one client sending far more than an agent would
        MEMFLEET_RATE_REPORTS_PER_MINUTE: '1000000',
        MEMFLEET_RATE_API_PER_MINUTE: '1000000',
        MEMFLEET_RATE_ENROLL_FAILURES_PER_MINUTE: '1000000',
      });
      pg = new Client({ connectionString: db.url });
      await pg.connect();
      ({ agentToken: token } = await enroll(api.url, SECRET, base));
    });

    after(async () => {
      await pg?.end();
      await api?.stop();
      await db?.drop();
    });

    it(`answers no 5xx to ${RUNS} fuzzed reports, stores nothing for a refusal, and the host's next valid report still evaluates`, async () => {
      // sequence is left alone: a huge one is a valid report that orders the host's later ones behind it
      const paths = pathsOf(fresh(), new Set(['sequence']));
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: paths.length - 1 }), mutation, fc.boolean(), async (i, m, gzip) => {
          const report = fresh();
          const before = await rows();
          const text = mutate(report, paths[i], m);
          const res = await call(`${api.url}/api/v1/reports`, {
            method: 'POST',
            token,
            raw: gzip ? gzipSync(text) : text,
            headers: gzip ? { 'content-encoding': 'gzip' } : {},
          });
          assert.ok(res.status < 500, `${res.status}: ${JSON.stringify(res.body)}`);
          if (res.status >= 400) {
            assert.equal(res.headers.get('content-type')?.split(';')[0], 'application/problem+json');
            assert.deepEqual(await rows(), before, `a ${res.status} stored nothing`);
          }
          const next = await postReport(api.url, token, fresh(), { wait: 20 });
          assert.equal(next.status, 200, JSON.stringify(next.body));
          // settled (nothing a rule reads changed since the last one) counts as evaluated: the host is not poisoned
          assert.ok(['evaluated', 'settled'].includes(next.body.status), next.body.status);
          assert.ok(next.body.findings.length > 0);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });

    it(`answers no 5xx to ${RUNS} fuzzed list queries (cursor, q, label, sort, limit) on hosts and findings as a viewer`, async () => {
      const created = await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'fuzz-viewer', role: 'viewer' } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const viewer: string = created.body.token;
      await fc.assert(
        fc.asyncProperty(listRequest, async ({ path, query }) => {
          const res = await call(`${api.url}${path}?${new URLSearchParams(query)}`, { token: viewer });
          assert.ok(res.status < 500, `${res.status}: ${JSON.stringify(res.body)}`);
          // 431: a query past Node's 16 KiB header limit is refused by the HTTP parser, before the application
          if (res.status >= 400 && res.status !== 431)
            assert.equal(res.headers.get('content-type')?.split(';')[0], 'application/problem+json', `${res.status}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });

    it(`answers no 5xx to ${RUNS} fuzzed enrolls and stores nothing for a refusal`, async () => {
      const body = { enrollSecret: SECRET, machineId: 'fuzz', dmiProductUuid: null, hostname: 'fuzz-host', labels: { env: 'prod' } };
      const paths = pathsOf(body, new Set(['enrollSecret']));
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: paths.length - 1 }), mutation, async (i, m) => {
          const machineId = randomUUID().replace(/-/g, '');
          const before = await rows();
          const res = await call(`${api.url}/api/v1/agents/enroll`, { raw: mutate({ ...body, machineId }, paths[i], m) });
          assert.ok(res.status < 500, `${res.status}: ${JSON.stringify(res.body)}`);
          if (res.status >= 400) assert.deepEqual(await rows(), before, `a ${res.status} stored nothing`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  },
);
