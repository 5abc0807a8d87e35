import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ROLES, sampleReport, type Role } from '@memfleet/contracts';
import { AppModule } from '../../apps/api/src/app.module';
import { routeTable, type RouteEntry } from '../../apps/api/src/auth/route-table';
import { call, enroll, postReport } from '../helpers/api-client';
import { REPO_ROOT, startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'matrix-admin-token-0123456789abcdef';
const SECRET = 'matrix-enroll-secret-0123456789abcdef';

const IDENTITIES = ['none', 'garbage', 'agent', 'other-agent', 'viewer', 'operator', 'admin', 'revoked', 'expired'] as const;
type Identity = (typeof IDENTITIES)[number];
type Expected = 'passes' | 401 | 403;

// Read from Nest's decorator metadata: a route added anywhere in the application is in it.
const ROUTES = routeTable(AppModule);
const RANK: Record<Role, number> = Object.fromEntries(ROLES.map((r, i) => [r, i])) as Record<Role, number>;

/** What the route's decorators promise for an identity (MEMFLEET_METRICS_PUBLIC is off here). */
function expected(route: RouteEntry, who: Identity): Expected {
  const access = route.access!;
  if (access.kind === 'public') return 'passes';
  if (who === 'none' || who === 'garbage' || who === 'revoked' || who === 'expired') return 401;
  const agent = who === 'agent' || who === 'other-agent';
  if (access.kind === 'agent') return agent ? 'passes' : 403;
  if (agent) return 403;
  const needed: Role = access.kind === 'metrics' ? 'viewer' : access.role;
  return RANK[who as Role] >= RANK[needed] ? 'passes' : 403;
}

const label = (r: RouteEntry) => `${r.method} ${r.path}`;

describe('authorization matrix: every route × every identity, generated from the route table', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let pg: Client;
  const tokens = {} as Record<Identity, string | undefined>;
  const agentReport = sampleReport({ machineId: randomUUID().replace(/-/g, '') });

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
    });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const other = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    tokens.none = undefined;
    tokens.garbage = 'mfa_not-a-real-token';
    tokens.agent = (await enroll(api.url, SECRET, agentReport)).agentToken;
    tokens['other-agent'] = (await enroll(api.url, SECRET, other)).agentToken;
    tokens.admin = ADMIN;
    const create = async (role: Role, extra: object = {}) => {
      const res = await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: `matrix-${role}`, role, ...extra } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: string; token: string };
    };
    tokens.viewer = (await create('viewer')).token;
    tokens.operator = (await create('operator')).token;
    const revoked = await create('admin');
    assert.equal((await call(`${api.url}/api/v1/tokens/${revoked.id}`, { method: 'DELETE', token: ADMIN })).status, 204);
    tokens.revoked = revoked.token;
    // Expired without waiting: a never-used token whose expiry is moved into the past.
    const expired = await create('admin', { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await pg.query(`UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.id]);
    tokens.expired = expired.token;
  });

  after(async () => {
    await pg?.end();
    await api?.stop();
    await db?.drop();
  });

  it('classifies every route: @Public, @MetricsAccess, @AgentOnly or @RequireRole on the route or its controller', () => {
    assert.ok(ROUTES.length >= 20, `only ${ROUTES.length} routes found`);
    const unclassified = ROUTES.filter((r) => r.access === null).map((r) => `${label(r)} (${r.name})`);
    assert.deepEqual(unclassified, [], 'routes without an access decorator: give each @Public(), @AgentOnly() or @RequireRole(...)');
  });

  it('the route table and the OpenAPI document name the same operations (the table misses none)', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const fromDoc = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`))
      .sort();
    assert.deepEqual(ROUTES.map(label).sort(), fromDoc);
  });

  for (const route of ROUTES) {
    it(`${label(route)}: ${IDENTITIES.join(', ')}`, async () => {
      const url = `${api.url}${route.path.replace(/:\w+/g, () => randomUUID())}`;
      const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
      const wrong: string[] = [];
      for (const who of IDENTITIES) {
        const want = expected(route, who);
        const res = await call(url, { method: route.method, token: tokens[who], body });
        const passed = res.status < 500 && ![401, 403, 429].includes(res.status);
        const ok = want === 'passes' ? passed : res.status === want && /application\/problem\+json/.test(res.headers.get('content-type') ?? '');
        if (!ok) wrong.push(`${who}: expected ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
      assert.deepEqual(wrong, []);
    });
  }

  it("another host's agent token cannot post this host's report (403), its own can", async () => {
    const foreign = await postReport(api.url, tokens['other-agent']!, agentReport);
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.type, 'https://memfleet.dev/problems/foreign-host');
    assert.equal((await postReport(api.url, tokens.agent!, agentReport)).status, 202);
  });
});
