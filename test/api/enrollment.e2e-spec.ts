import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { call, postReport, type JsonResponse } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'enrollment-admin-token-0123456789';
const SECRET = 'enrollment-enroll-secret-0123456789';

const machineId = () => randomUUID().replace(/-/g, '');
const typeOf = (res: JsonResponse) => String(res.body?.type ?? '').replace(/^.*\//, '');

function assertProblem(res: JsonResponse, status: number, path?: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  if (path)
    assert.ok(
      res.body.errors?.some((e: { path: string }) => e.path === path),
      `names ${path}: ${JSON.stringify(res.body)}`,
    );
}

describe('enrollment, agent tokens and enroll secrets over HTTP (API process, real PostgreSQL)', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let pg: Client;
  let viewer: string;
  let operator: string;

  const enroll = (id: string, o: { hostname?: string; labels?: Record<string, string>; secret?: string } = {}) =>
    call(`${api.url}/api/v1/agents/enroll`, {
      body: { enrollSecret: o.secret ?? SECRET, machineId: id, hostname: o.hostname ?? `h-${id.slice(0, 6)}`, labels: o.labels ?? {} },
    });
  const admin = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    call(`${api.url}${path}`, { token: ADMIN, ...init, ...(init.body === undefined && !init.method ? {} : { method: init.method ?? 'POST' }) });
  const agentRules = (token: string) => call(`${api.url}/api/v1/agents/rules`, { token });
  const count = async (sql: string, params: unknown[] = []) => Number((await pg.query(sql, params)).rows[0].n);

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    viewer = (await admin('/api/v1/tokens', { body: { name: 'v', role: 'viewer' } })).body.token;
    operator = (await admin('/api/v1/tokens', { body: { name: 'o', role: 'operator' } })).body.token;
  });

  after(async () => {
    await pg?.end();
    await api?.stop();
    await db?.drop();
  });

  it('answers 409 host-already-enrolled to an enroll of an existing machine-id without a grant, and changes nothing', async () => {
    const id = machineId();
    const first = await enroll(id, { hostname: 'owner', labels: { team: 'a' } });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const { hostId, agentToken } = first.body;
    const before = (await admin(`/api/v1/hosts/${hostId}`)).body.host;

    const hijack = await enroll(id, { hostname: 'intruder', labels: { team: 'evil' } });
    assertProblem(hijack, 409);
    assert.equal(typeOf(hijack), 'host-already-enrolled');
    assert.equal(hijack.body.hostId, hostId);
    assert.match(hijack.body.detail, new RegExp(`POST /api/v1/hosts/${hostId}/re-enroll-grant`));
    assert.equal(hijack.body.agentToken, undefined);

    const afterwards = (await admin(`/api/v1/hosts/${hostId}`)).body.host;
    assert.deepEqual([afterwards.hostname, afterwards.labels], [before.hostname, before.labels]);
    assert.deepEqual([afterwards.hostname, afterwards.labels], ['owner', { team: 'a' }]);
    assert.equal(await count(`SELECT count(*) AS n FROM agent_tokens WHERE host_id = $1`, [hostId]), 1, 'no token was issued');
    assert.equal((await agentRules(agentToken)).status, 200, "the host's own token still works");
    assert.equal((await postReport(api.url, agentToken, sampleReport({ machineId: id }))).status, 202);
  });

  it('a re-enroll grant lets the machine enroll once: the host keeps its id, takes the new name and labels, and its old token is refused', async () => {
    const id = machineId();
    const { hostId, agentToken: old } = (await enroll(id, { hostname: 'before', labels: { team: 'a' } })).body;
    const grant = await admin(`/api/v1/hosts/${hostId}/re-enroll-grant`, { body: {} });
    assert.equal(grant.status, 201, JSON.stringify(grant.body));
    assert.equal(grant.body.hostId, hostId);
    assert.equal(grant.body.createdBy, 'bootstrap-admin (MEMFLEET_ADMIN_TOKEN)');
    const ahead = Date.parse(grant.body.expiresAt) - Date.now();
    assert.ok(ahead > 50 * 60_000 && ahead <= 3600_000, `about an hour: ${grant.body.expiresAt}`);

    const again = await enroll(id, { hostname: 'after', labels: { team: 'b' } });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(again.body.hostId, hostId);
    assert.notEqual(again.body.agentToken, old);
    assertProblem(await agentRules(old), 401);
    assertProblem(await postReport(api.url, old, sampleReport({ machineId: id })), 401);
    assert.equal((await agentRules(again.body.agentToken)).status, 200);
    const host = (await admin(`/api/v1/hosts/${hostId}`)).body.host;
    assert.deepEqual([host.hostname, host.labels], ['after', { team: 'b' }]);

    const tokens = (await admin(`/api/v1/hosts/${hostId}/agent-tokens`)).body;
    assert.equal(tokens.length, 2);
    assert.equal(tokens.filter((t: { revokedAt: string | null }) => t.revokedAt === null).length, 1);

    const twice = await enroll(id, { hostname: 'third' });
    assertProblem(twice, 409);
    assert.equal(typeOf(twice), 'host-already-enrolled', 'the grant is used up');
  });

  it("lists a host's agent tokens without secrets, and revokes one so that it is refused at once", async () => {
    const a = (await enroll(machineId())).body;
    const b = (await enroll(machineId())).body;
    assert.equal((await agentRules(a.agentToken)).status, 200); // cached as valid before the revoke
    const listed = await admin(`/api/v1/hosts/${a.hostId}/agent-tokens`);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.length, 1);
    assert.deepEqual(Object.keys(listed.body[0]).sort(), ['createdAt', 'id', 'lastUsedAt', 'revokedAt']);
    assert.ok(!JSON.stringify(listed.body).includes(a.agentToken));
    assert.ok(listed.body[0].lastUsedAt);
    const tokenId = listed.body[0].id;

    assertProblem(await admin(`/api/v1/hosts/${b.hostId}/agent-tokens/${tokenId}`, { method: 'DELETE' }), 404); // another host's token
    const revoked = await admin(`/api/v1/hosts/${a.hostId}/agent-tokens/${tokenId}`, { method: 'DELETE' });
    assert.equal(revoked.status, 204);
    assertProblem(await agentRules(a.agentToken), 401);
    assert.equal((await agentRules(b.agentToken)).status, 200);
    assertProblem(await admin(`/api/v1/hosts/${a.hostId}/agent-tokens/${tokenId}`, { method: 'DELETE' }), 404);
    assert.ok((await admin(`/api/v1/hosts/${a.hostId}/agent-tokens`)).body[0].revokedAt);
  });

  it("enrolls a deleted host's machine again freely, as a new host", async () => {
    const id = machineId();
    const first = (await enroll(id)).body;
    assert.equal((await admin(`/api/v1/hosts/${first.hostId}`, { method: 'DELETE' })).status, 204);
    const again = await enroll(id);
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.notEqual(again.body.hostId, first.hostId);
    assertProblem(await agentRules(first.agentToken), 401);
  });

  it('rotates enroll secrets: several valid at once, an expired or revoked one refused like a wrong one', async () => {
    const listed = await admin('/api/v1/enroll-secrets');
    assert.equal(listed.status, 200);
    const bootstrap = listed.body.find((s: { origin: string }) => s.origin === 'bootstrap');
    assert.equal(bootstrap.active, true);
    assert.ok(!JSON.stringify(listed.body).includes(SECRET) && !('secret' in bootstrap));

    const later = new Date(Date.now() + 86_400_000).toISOString();
    const one = await admin('/api/v1/enroll-secrets', { body: { name: 'rollout-1' } });
    const two = await admin('/api/v1/enroll-secrets', { body: { name: 'rollout-2', expiresAt: later } });
    assert.equal(one.status, 201, JSON.stringify(one.body));
    assert.deepEqual([one.body.name, one.body.origin, one.body.active, one.body.expiresAt], ['rollout-1', 'api', true, null]);
    assert.match(one.body.secret, /^mfe_/);
    assert.equal(Date.parse(two.body.expiresAt), Date.parse(later));
    for (const secret of [SECRET, one.body.secret, two.body.secret]) assert.equal((await enroll(machineId(), { secret })).status, 201, 'each is valid');
    assert.ok(!JSON.stringify((await admin('/api/v1/enroll-secrets')).body).includes(one.body.secret), 'never shown again');

    const wrong = await enroll(machineId(), { secret: 'not-the-enroll-secret-0123456789' });
    assertProblem(wrong, 401);
    await pg.query(`UPDATE enroll_secrets SET expires_at = now() - interval '1 second' WHERE id = $1`, [two.body.id]);
    const expired = await enroll(machineId(), { secret: two.body.secret });
    assertProblem(expired, 401);
    assert.deepEqual([typeOf(expired), expired.body.detail], [typeOf(wrong), wrong.body.detail]);

    assert.equal((await admin(`/api/v1/enroll-secrets/${one.body.id}`, { method: 'DELETE' })).status, 204);
    assertProblem(await enroll(machineId(), { secret: one.body.secret }), 401);
    assertProblem(await admin(`/api/v1/enroll-secrets/${one.body.id}`, { method: 'DELETE' }), 404);
    assert.equal((await enroll(machineId())).status, 201, 'the bootstrap secret still works');
    const states = Object.fromEntries((await admin('/api/v1/enroll-secrets')).body.map((s: { name: string; active: boolean }) => [s.name, s.active]));
    assert.deepEqual([states['rollout-1'], states['rollout-2']], [false, false]);
  });

  it('GET /api/v1/agents/rules answers the catalogue revision and the thresholds in force, nothing else, to agents only', async () => {
    const { agentToken } = (await enroll(machineId())).body;
    const saved = await admin('/api/v1/rules/allocator-fragmentation/thresholds', { method: 'PUT', body: { values: { warningRatio: 1.7 } } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const res = await agentRules(agentToken);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['catalogueRevision', 'thresholds']);
    const rules = (await admin('/api/v1/rules')).body;
    assert.equal(res.body.catalogueRevision, rules.catalogueRevision);
    for (const rule of rules.items as { id: string; thresholds: { name: string; value: number }[] }[]) {
      assert.deepEqual(res.body.thresholds[rule.id], Object.fromEntries(rule.thresholds.map((t) => [t.name, t.value])), rule.id);
    }
    assert.equal(res.body.thresholds['allocator-fragmentation'].warningRatio, 1.7);
    assertProblem(await agentRules(ADMIN), 403);
    assertProblem(await call(`${api.url}/api/v1/agents/rules`), 401);
  });

  it('lets only admins see and manage agent tokens, re-enroll grants and enroll secrets', async () => {
    const { hostId, agentToken } = (await enroll(machineId())).body;
    const tokenId = (await admin(`/api/v1/hosts/${hostId}/agent-tokens`)).body[0].id;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/hosts/${hostId}/agent-tokens`],
      ['DELETE', `/api/v1/hosts/${hostId}/agent-tokens/${tokenId}`],
      ['POST', `/api/v1/hosts/${hostId}/re-enroll-grant`, {}],
      ['GET', '/api/v1/enroll-secrets'],
      ['POST', '/api/v1/enroll-secrets', { name: 'x' }],
      ['DELETE', `/api/v1/enroll-secrets/${randomUUID()}`],
    ];
    for (const [method, path, body] of routes) {
      for (const token of [viewer, operator, agentToken]) assertProblem(await call(`${api.url}${path}`, { method, token, body }), 403);
      assertProblem(await call(`${api.url}${path}`, { method, body }), 401);
    }
    assert.equal(await count(`SELECT count(*) AS n FROM reenroll_grants`), 0);
    assert.equal((await agentRules(agentToken)).status, 200, 'nothing was revoked');
  });

  it('answers 400 naming the field, or 404, to bad input on every new endpoint, and stores nothing', async () => {
    const { hostId } = (await enroll(machineId())).body;
    const secretsBefore = await count(`SELECT count(*) AS n FROM enroll_secrets`);
    const grantsBefore = await count(`SELECT count(*) AS n FROM reenroll_grants`);
    const unknown = randomUUID();
    const day = 86_400_000;
    const iso = (ms: number) => new Date(Date.now() + ms).toISOString();

    assertProblem(await admin('/api/v1/hosts/not-a-uuid/agent-tokens'), 400, 'id');
    assertProblem(await admin(`/api/v1/hosts/${unknown}/agent-tokens`), 404);
    assertProblem(await admin(`/api/v1/hosts/not-a-uuid/agent-tokens/${unknown}`, { method: 'DELETE' }), 400, 'id');
    assertProblem(await admin(`/api/v1/hosts/${hostId}/agent-tokens/not-a-uuid`, { method: 'DELETE' }), 400, 'tokenId');
    assertProblem(await admin(`/api/v1/hosts/${unknown}/agent-tokens/${unknown}`, { method: 'DELETE' }), 404);
    assertProblem(await admin(`/api/v1/hosts/${hostId}/agent-tokens/${unknown}`, { method: 'DELETE' }), 404);

    const grant = (id: string, body: unknown) => admin(`/api/v1/hosts/${id}/re-enroll-grant`, { body });
    assertProblem(await grant('not-a-uuid', {}), 400, 'id');
    assertProblem(await grant(unknown, {}), 404);
    for (const expiresAt of ['tomorrow', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', 12, '', '2024-01-01T00:00:00+23:59']) {
      assertProblem(await grant(hostId, { expiresAt }), 400, 'expiresAt');
    }
    for (const expiresAt of [iso(-60_000), '0000-01-01T00:00:00Z', iso(8 * day), '9999-12-31T23:59:59Z']) {
      assertProblem(await grant(hostId, { expiresAt }), 400, 'expiresAt');
    }
    assertProblem(await grant(hostId, { expiresAt: iso(day), hours: 3 }), 400, 'hours');

    const create = (body: unknown) => admin('/api/v1/enroll-secrets', { body });
    assertProblem(await create({}), 400, 'name');
    for (const name of ['', 'x'.repeat(129), 'a\u0000b', 'lone \ud800 surrogate']) assertProblem(await create({ name }), 400, 'name');
    for (const expiresAt of ['soon', '2026-02-30T00:00:00Z', iso(-1000), '0000-01-01T00:00:00Z', iso(3700 * day), '9999-12-31T23:59:59Z']) {
      assertProblem(await create({ name: 'bad', expiresAt }), 400, 'expiresAt');
    }
    assertProblem(await admin('/api/v1/enroll-secrets/not-a-uuid', { method: 'DELETE' }), 400, 'id');
    assertProblem(await admin(`/api/v1/enroll-secrets/${unknown}`, { method: 'DELETE' }), 404);

    assert.equal(await count(`SELECT count(*) AS n FROM enroll_secrets`), secretsBefore);
    assert.equal(await count(`SELECT count(*) AS n FROM reenroll_grants`), grantsBefore);
    assert.equal((await enroll(machineId(), { hostname: 'x' })).status, 201);
    assertProblem(await enroll(machineId(), { secret: 'short' }), 400, 'enrollSecret');
  });
});
