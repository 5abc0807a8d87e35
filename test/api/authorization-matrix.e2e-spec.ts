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
const label = (r: RouteEntry) => `${r.method} ${r.path}`;
const RANK: Record<Role, number> = Object.fromEntries(ROLES.map((r, i) => [r, i])) as Record<Role, number>;

type Access = 'public' | 'metrics' | 'agent' | Role;

/**
 * Who may call each route, reviewed by hand: a second source next to the decorators, so a route marked
 * with the wrong role fails here instead of being tested against its own mistake. A new route fails the
 * test until it is added.
 */
const PINNED: Record<string, Access> = {
  'POST /api/v1/agents/enroll': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'metrics',
  // sign-in: the token is in the body; single sign-on is a browser redirect
  'POST /api/v1/sessions': 'public',
  'GET /api/v1/sessions/options': 'public',
  'GET /api/v1/sessions/oidc/login': 'public',
  'GET /api/v1/sessions/oidc/callback': 'public',
  'GET /api/v1/agents/rules': 'agent',
  'POST /api/v1/reports': 'agent',
  // admin: credentials, enrolment, the activity log, deleting or relabelling hosts, thresholds, raw report listing, replays
  'GET /api/v1/hosts/:id/agent-tokens': 'admin',
  'DELETE /api/v1/hosts/:id/agent-tokens/:tokenId': 'admin',
  'POST /api/v1/hosts/:id/re-enroll-grant': 'admin',
  'GET /api/v1/enroll-secrets': 'admin',
  'POST /api/v1/enroll-secrets': 'admin',
  'DELETE /api/v1/enroll-secrets/:id': 'admin',
  'GET /api/v1/reports': 'admin',
  'POST /api/v1/reports/:id/retry': 'admin',
  'PATCH /api/v1/hosts/:id/labels': 'admin',
  'DELETE /api/v1/hosts/:id': 'admin',
  'POST /api/v1/hosts/:id/retire': 'admin',
  'PUT /api/v1/rules/:id/thresholds': 'admin',
  'GET /api/v1/tokens': 'admin',
  'POST /api/v1/tokens': 'admin',
  'DELETE /api/v1/tokens/:id': 'admin',
  'GET /api/v1/sessions': 'admin',
  'DELETE /api/v1/sessions/:id': 'admin',
  'POST /api/v1/reevaluations': 'admin',
  'GET /api/v1/activity': 'admin',
  'POST /api/v1/destinations': 'admin',
  'GET /api/v1/destinations': 'admin',
  'GET /api/v1/destinations/:id': 'admin',
  'PATCH /api/v1/destinations/:id': 'admin',
  'DELETE /api/v1/destinations/:id': 'admin',
  'GET /api/v1/destinations/:id/deliveries': 'admin',
  'POST /api/v1/destinations/:id/test': 'admin',
  // admin: audit schedules
  'POST /api/v1/audit-schedules': 'admin',
  'GET /api/v1/audit-schedules': 'admin',
  'GET /api/v1/audit-schedules/:id': 'admin',
  'PATCH /api/v1/audit-schedules/:id': 'admin',
  'DELETE /api/v1/audit-schedules/:id': 'admin',
  // operator: silences, threshold previews, running an audit
  'POST /api/v1/rules/:id/thresholds/preview': 'operator',
  'POST /api/v1/audits': 'operator',
  'POST /api/v1/traces': 'operator',
  'POST /api/v1/silences': 'operator',
  'DELETE /api/v1/silences/:id': 'operator',
  // viewer: reading
  'GET /api/v1/reports/:id': 'viewer',
  'GET /api/v1/hosts': 'viewer',
  'GET /api/v1/hosts/export': 'viewer',
  'GET /api/v1/hosts/:id': 'viewer',
  'GET /api/v1/hosts/:id/history': 'viewer',
  'GET /api/v1/hosts/:id/reports/:reportId/facts': 'viewer',
  'GET /api/v1/findings': 'viewer',
  'GET /api/v1/findings/export': 'viewer',
  'GET /api/v1/rules': 'viewer',
  'GET /api/v1/rules/:id': 'viewer',
  'GET /api/v1/stats/summary': 'viewer',
  'GET /api/v1/stats/finding-events': 'viewer',
  'GET /api/v1/stats/distributions': 'viewer',
  'GET /api/v1/inventory/runtimes': 'viewer',
  'GET /api/v1/auth/whoami': 'viewer',
  'GET /api/v1/sessions/current': 'viewer',
  'DELETE /api/v1/sessions/current': 'viewer',
  'GET /api/v1/silences': 'viewer',
  'GET /api/v1/reevaluations': 'viewer',
  'GET /api/v1/reevaluations/:id': 'viewer',
  'GET /api/v1/audits': 'viewer',
  'GET /api/v1/audits/:id': 'viewer',
  'GET /api/v1/audits/:id/export': 'viewer',
  'GET /api/v1/traces': 'viewer',
  'GET /api/v1/traces/:id': 'viewer',
};

const fromDecorators = (route: RouteEntry): Access | null =>
  route.access === null ? null : route.access.kind === 'role' ? route.access.role : route.access.kind;

/** What the pinned table promises for an identity (MEMFLEET_METRICS_PUBLIC is off here). */
function expected(route: RouteEntry, who: Identity): Expected {
  const access = PINNED[label(route)] ?? fromDecorators(route)!;
  if (access === 'public') return 'passes';
  if (who === 'none' || who === 'garbage' || who === 'revoked' || who === 'expired') return 401;
  const agent = who === 'agent' || who === 'other-agent';
  if (access === 'agent') return agent ? 'passes' : 403;
  if (agent) return 403;
  const needed: Role = access === 'metrics' ? 'viewer' : access;
  return RANK[who as Role] >= RANK[needed] ? 'passes' : 403;
}

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

  it('the decorators give every route the access the reviewed table pins (and the table names every route)', () => {
    const wrong = ROUTES.filter((r) => PINNED[label(r)] !== fromDecorators(r)).map(
      (r) => `${label(r)}: decorators say ${fromDecorators(r)}, the table ${PINNED[label(r)] ?? 'has no entry'}`,
    );
    const gone = Object.keys(PINNED).filter((k) => !ROUTES.some((r) => label(r) === k));
    assert.deepEqual([...wrong, ...gone.map((k) => `${k}: in the table, not a route`)], []);
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

  // Every agent route, called with another host's agent token: what that host may see or do there.
  const FOREIGN_AGENT: Record<string, () => Promise<void>> = {
    'POST /api/v1/reports': async () => {
      const foreign = await postReport(api.url, tokens['other-agent']!, agentReport);
      assert.equal(foreign.status, 403);
      assert.equal(foreign.body.type, 'https://memfleet.dev/problems/foreign-host');
      assert.equal((await postReport(api.url, tokens.agent!, agentReport)).status, 202);
    },
    // The catalogue and thresholds are the same for every host: nothing of one host's in the answer.
    'GET /api/v1/agents/rules': async () => {
      const own = await call(`${api.url}/api/v1/agents/rules`, { token: tokens.agent });
      const foreign = await call(`${api.url}/api/v1/agents/rules`, { token: tokens['other-agent'] });
      assert.equal(own.status, 200);
      assert.deepEqual([foreign.status, foreign.body], [own.status, own.body]);
    },
  };

  it("every agent route has an another-host's-agent check", () => {
    const agentRoutes = ROUTES.filter((r) => r.access?.kind === 'agent').map(label);
    assert.deepEqual(agentRoutes.sort(), Object.keys(FOREIGN_AGENT).sort());
  });

  for (const [route, check] of Object.entries(FOREIGN_AGENT)) it(`${route}: another host's agent token`, check);
});
