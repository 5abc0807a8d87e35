import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'logscan-admin-token-7f3a9c1e5b2d8046';
const SECRET = 'logscan-enroll-secret-4e8b1d6a9c2f7305';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('no token or secret in any log line (API at LOG_LEVEL=trace, real PostgreSQL and Redis)', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  const used: Record<string, string> = { admin: ADMIN, enrollSecret: SECRET };

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_RUN_WORKERS: 'true',
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      LOG_LEVEL: 'trace',
    });

    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken } = await enroll(api.url, SECRET, report);
    used.agent = agentToken;
    assert.equal((await postReport(api.url, agentToken, { ...report, sequence: 1 }, { wait: 30 })).status, 200);
    // A changed input, so this one goes through the queue too (an unchanged one is settled without a job).
    const changed = { ...report, sequence: 2, labels: { ...report.labels, rack: 'transport-b' } };
    assert.equal((await postReport(api.url, agentToken, changed, { gzip: true })).status, 202);

    const created = await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'logscan', role: 'viewer' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    used.created = created.body.token;
    assert.equal((await call(`${api.url}/api/v1/hosts`, { token: used.created })).status, 200);

    // A token creation whose INSERT fails in PostgreSQL (a trigger of this test's database refuses it): the
    // failed statement's parameters include the new token's hash, and are not logged.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`CREATE FUNCTION refuse_token() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$`);
    await pg.query(`CREATE TRIGGER refuse_token BEFORE INSERT ON api_tokens FOR EACH ROW WHEN (NEW.name = 'refused') EXECUTE FUNCTION refuse_token()`);
    await pg.end();
    const failed = await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'refused', role: 'viewer' } });
    assert.equal(failed.status, 500, JSON.stringify(failed.body));

    used.wrong = 'mfk_wrong-token-9d2c7b4a1e6f3085aa';
    assert.equal((await call(`${api.url}/api/v1/hosts`, { token: used.wrong })).status, 401);
    const wrongSecret = 'wrong-enroll-secret-5c1a8e3f7b0d';
    used.wrongSecret = wrongSecret;
    const refused = await call(`${api.url}/api/v1/agents/enroll`, {
      body: { enrollSecret: wrongSecret, machineId: randomUUID().replace(/-/g, ''), dmiProductUuid: null, hostname: 'h', labels: {} },
    });
    assert.equal(refused.status, 401);

    // A body that does not parse: the parser's message quotes the body, and neither reaches the logs.
    used.brokenBodySecret = 'broken-body-secret-3f9a1c7e5d2b';
    const broken = await call(`${api.url}/api/v1/agents/enroll`, { raw: `{"enrollSecret":"${used.brokenBodySecret}",,}` });
    assert.equal(broken.status, 400);

    // Tokens in the query string: refused (the API reads only the Authorization header), and never logged.
    used.query = 'mfk_query-string-token-1b6e9f2a4c8d7035';
    used.accessToken = 'mfk_access-token-in-query-8e2f4a6c1d3b';
    used.querySecret = 'query-enroll-secret-2a7d9c4e6f1b';
    const q = `token=${used.query}&access_token=${used.accessToken}&enroll_secret=${used.querySecret}&limit=5`;
    assert.equal((await call(`${api.url}/api/v1/hosts?${q}`)).status, 401);
    // Unknown query parameters are a 400 naming them; that answer is not logged with the value either.
    assert.equal((await call(`${api.url}/api/v1/hosts?${q}`, { token: ADMIN })).status, 400);
    assert.equal((await call(`${api.url}/api/v1/no-such-route?${q}`, { token: ADMIN })).status, 404);
    // Let the queued report's evaluation run (and log) before the logs are read.
    await new Promise((r) => setTimeout(r, 1500));
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('logs the requests it served, with the query string redacted', () => {
    const lines = api.output().split('\n').filter(Boolean);
    const requests = lines.filter((l) => l.includes('"req":'));
    assert.ok(requests.length >= 8, `request log lines expected, got:\n${lines.join('\n')}`);
    const redacted = requests.find((l) => l.includes('/api/v1/hosts?'));
    assert.ok(redacted, 'the request with a query string is logged');
    assert.match(redacted, /token=\[redacted\]/);
    assert.match(redacted, /limit=5/, 'harmless parameters stay readable');
  });

  it('no token, secret, or token hash appears in stdout or stderr', () => {
    const out = api.output();
    assert.match(out, /refused by test/, 'the failed token INSERT is logged (without its parameters)');
    const leaks: string[] = [];
    for (const [name, value] of Object.entries(used)) {
      if (out.includes(value) || out.includes(encodeURIComponent(value))) leaks.push(name);
      if (out.includes(sha256(value))) leaks.push(`hash of ${name} (an SQL parameter)`);
    }
    // Token hashes are 64 hex digits; no log line carries one (of a token this test never saw, either).
    const hex = out.split('\n').filter((l) => /\b[0-9a-f]{64}\b/.test(l));
    if (hex.length) leaks.push(`64-hex values in: ${hex.join('\n')}`);
    assert.deepEqual(leaks, []);
  });
});
