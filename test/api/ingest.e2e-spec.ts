import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { sampleReport, withProcess } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'test-admin-token-0123456789abcdef';
const SECRET = 'test-enroll-secret-0123456789abcdef';

describe('report ingest over HTTP (API process with BullMQ workers, real PostgreSQL and Redis)', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let pg: Client;
  let token: string;
  let hostId: string;
  const base = sampleReport({ machineId: randomUUID().replace(/-/g, '') });

  const count = async (sql: string, params: unknown[] = []) => Number((await pg.query(sql, params)).rows[0].n);

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_RUN_WORKERS: 'true',
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_MAX_BODY_BYTES: String(256 * 1024),
    });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    ({ agentToken: token, hostId } = await enroll(api.url, SECRET, base, { team: 'edge' }));
  });

  after(async () => {
    await pg?.end();
    await api?.stop();
    await db?.drop();
  });

  it('accepts a gzip report with 202 and a report id, then evaluates it', async () => {
    const res = await postReport(api.url, token, { ...base, sequence: 1 }, { gzip: true });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.match(res.body.reportId, /^[0-9a-f-]{36}$/);
    let detail;
    for (let i = 0; i < 100; i++) {
      detail = await call(`${api.url}/api/v1/reports/${res.body.reportId}`, { token: ADMIN });
      if (detail.body.status !== 'queued') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(detail!.body.status, 'evaluated');
    assert.ok(detail!.body.findings.length > 0, 'every rule leaves a finding row for the host');
  });

  it('answers 200 with the findings when ?wait= covers the evaluation', async () => {
    const report = withProcess(
      { ...structuredClone(base), sequence: 2 },
      { subject: 'redis:/usr/bin/redis-server', exe: '/usr/bin/redis-server', runtimes: [{ kind: 'redis', version: '7.0.15' }] },
    );
    const res = await postReport(api.url, token, report, { wait: 20 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'evaluated');
    const overcommit = res.body.findings.find(
      (f: { ruleId: string; subject: string }) => f.ruleId === 'redis-overcommit-bgsave' && f.subject === 'redis:/usr/bin/redis-server',
    );
    assert.equal(overcommit?.outcome, 'hit', `Redis on a host with vm.overcommit_memory=0 is flagged: ${JSON.stringify(res.body.findings)}`);
  });

  it('stores an unchanged configuration once, however many reports carry it', async () => {
    const before = await count(`SELECT count(*) AS n FROM host_configs WHERE host_id = $1`, [hostId]);
    for (const sequence of [3, 4, 5]) {
      const r = await postReport(api.url, token, { ...structuredClone(base), sequence, metrics: { ...base.metrics, uptimeSeconds: 86_400 + sequence } });
      // Only the uptime moved, which no rule reads: settled once the report before it was evaluated.
      assert.ok(r.status === 202 || r.body.status === 'settled', JSON.stringify(r.body));
      assert.equal(r.body.configurationChanged, false);
    }
    assert.equal(await count(`SELECT count(*) AS n FROM host_configs WHERE host_id = $1`, [hostId]), before);
    assert.equal(await count(`SELECT count(*) AS n FROM reports WHERE host_id = $1 AND sequence IN (3, 4, 5)`, [hostId]), 3);
  });

  it('accepts the previous schema version (1) in the current shape, and a restart is no configuration change in version 2', async () => {
    const withEnvoy = (sequence: number, pid: number, startedAt: number) =>
      withProcess(
        { ...structuredClone(base), sequence },
        { subject: 'envoy:/usr/local/bin/envoy', exe: '/usr/local/bin/envoy' },
        { pid, startTimeSecondsSinceBoot: startedAt },
      );
    // Version 1 carried the pid and start time in the process's configuration.
    const v1 = withEnvoy(6, 4100, 50) as any;
    v1.schemaVersion = 1;
    Object.assign(v1.configuration.processes[0], { pid: 4100, startTimeSecondsSinceBoot: 50 });
    delete v1.metrics.processes[0].pid;
    delete v1.metrics.processes[0].startTimeSecondsSinceBoot;
    const res = await postReport(api.url, token, v1, { wait: 20 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'evaluated');
    const stored = (
      await pg.query(`SELECT r.schema_version, r.metrics, c.configuration FROM reports r JOIN host_configs c ON c.id = r.config_id WHERE r.id = $1`, [
        res.body.reportId,
      ])
    ).rows[0];
    assert.equal(stored.schema_version, 1);
    assert.deepEqual([stored.metrics.processes[0].pid, stored.metrics.processes[0].startTimeSecondsSinceBoot], [4100, 50]);
    assert.ok(!('pid' in stored.configuration.processes[0]), 'stored in the current shape');

    assert.equal((await postReport(api.url, token, withEnvoy(7, 4100, 50))).status, 202);
    const restarted = await postReport(api.url, token, withEnvoy(8, 5321, 9000));
    assert.equal(restarted.status, 202);
    assert.equal(restarted.body.configurationChanged, false, 'a new pid and start time are metrics');
  });

  it('never lets an older sequence overwrite the host state', async () => {
    const newer = structuredClone(base);
    newer.sequence = 20;
    newer.configuration.host.hostname = 'renamed-host';
    assert.equal((await postReport(api.url, token, newer)).status, 202);
    const older = structuredClone(base);
    older.sequence = 10;
    older.configuration.host.hostname = 'stale-name';
    assert.equal((await postReport(api.url, token, older)).status, 202);
    const row = (await pg.query(`SELECT hostname, last_sequence FROM hosts WHERE id = $1`, [hostId])).rows[0];
    assert.deepEqual([row.hostname, Number(row.last_sequence)], ['renamed-host', 20]);
  });

  it('answers a replayed Idempotency-Key with the first report id and stores nothing new', async () => {
    const key = randomUUID();
    const first = await postReport(api.url, token, { ...base, sequence: 30 }, { idempotencyKey: key });
    const again = await postReport(api.url, token, { ...base, sequence: 30 }, { idempotencyKey: key });
    assert.equal(first.status, 202);
    assert.ok(again.status === 202 || again.status === 200);
    assert.equal(again.body.reportId, first.body.reportId);
    assert.equal(await count(`SELECT count(*) AS n FROM reports WHERE idempotency_key = $1`, [key]), 1);
  });

  describe('bad input: a clear 4xx and nothing stored', () => {
    const reportsNow = () => count(`SELECT count(*) AS n FROM reports`);
    const rejects = async (name: string, send: () => Promise<{ status: number; body: any; headers: Headers }>, status: number, check?: (body: any) => void) => {
      const n = await reportsNow();
      const res = await send();
      assert.equal(res.status, status, `${name}: ${JSON.stringify(res.body)}`);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/, name);
      assert.equal(res.body.status, status);
      check?.(res.body);
      assert.equal(await reportsNow(), n, `${name} stored a report`);
    };

    it('malformed JSON → 400', () =>
      rejects('malformed', () => call(`${api.url}/api/v1/reports`, { method: 'POST', token, raw: '{"schemaVersion": 1,' }), 400));

    it('wrong types and missing fields → 400 listing every field path', () =>
      rejects(
        'invalid',
        () => {
          const bad = structuredClone(base) as any;
          bad.sequence = 'seven';
          delete bad.configuration.memory;
          bad.configuration.cpu.onlineCount = -1;
          return postReport(api.url, token, bad);
        },
        400,
        (body) => {
          const paths = body.errors.map((e: { path: string }) => e.path);
          for (const p of ['sequence', 'configuration.memory', 'configuration.cpu.onlineCount']) assert.ok(paths.includes(p), `missing ${p} in ${paths}`);
        },
      ));

    it('huge arrays → 400 naming the array', () =>
      rejects(
        'huge array',
        () => {
          const bad = structuredClone(base) as any;
          bad.collectionErrors = Array.from({ length: 2500 }, () => ({ source: 'x', error: 'y' }));
          return postReport(api.url, token, bad);
        },
        400,
        (body) => assert.ok(body.errors.some((e: { path: string }) => e.path === 'collectionErrors')),
      ));

    it('a CPU list beyond the kernel limit → 400 naming the field', () =>
      rejects(
        'cpu list',
        () => {
          const bad = structuredClone(base);
          bad.configuration.cpu.online = '0-30000000';
          return postReport(api.url, token, { ...bad, sequence: 50 });
        },
        400,
        (body) =>
          assert.deepEqual(
            body.errors.map((e: { path: string }) => e.path),
            ['configuration.cpu.online'],
          ),
      ));

    it('deep nesting → 400', () =>
      rejects(
        'deep',
        () => {
          const text = JSON.stringify({ ...base, labels: '__DEEP__' }).replace('"__DEEP__"', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000));
          return call(`${api.url}/api/v1/reports`, { method: 'POST', token, raw: text });
        },
        400,
      ));

    it('unknown schemaVersion → 400 naming the supported versions', () =>
      rejects(
        'version',
        () => postReport(api.url, token, { ...base, schemaVersion: 99 }),
        400,
        (body) => assert.deepEqual(body.supportedSchemaVersions, [3, 2, 1]),
      ));

    it('bad gzip → 400', () =>
      rejects(
        'gzip',
        () => call(`${api.url}/api/v1/reports`, { method: 'POST', token, raw: Buffer.from('not gzip at all'), headers: { 'content-encoding': 'gzip' } }),
        400,
      ));

    it('an encoding other than gzip, deflate or identity → 415', () =>
      rejects('br', () => call(`${api.url}/api/v1/reports`, { method: 'POST', token, raw: Buffer.from('x'), headers: { 'content-encoding': 'br' } }), 415));

    it('a body over the limit after decompression → 413', () =>
      rejects(
        'too large',
        () => {
          // Compresses to a few KB but inflates past the 256 KiB limit.
          const big = { ...base, collectionErrors: [{ source: 'x'.repeat(200), error: 'y'.repeat(400_000) }] };
          return call(`${api.url}/api/v1/reports`, { method: 'POST', token, raw: gzipSync(JSON.stringify(big)), headers: { 'content-encoding': 'gzip' } });
        },
        413,
      ));

    it('absent, wrong and foreign tokens → 401/403', async () => {
      await rejects('absent', () => postReport(api.url, '', base), 401);
      await rejects('wrong', () => postReport(api.url, 'mfk_not-a-real-token', base), 401);
      await rejects('api token', () => postReport(api.url, ADMIN, base), 403);
      const other = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
      await rejects(
        'foreign host',
        () => postReport(api.url, token, { ...other, sequence: 99 }),
        403,
        (b) => assert.match(b.detail, /another host/),
      );
    });
  });

  it('tells apart clones that share a machine-id by their DMI product UUID', async () => {
    const machineId = randomUUID().replace(/-/g, '');
    const a = sampleReport({ machineId, hostname: 'clone-a' });
    a.identity.dmiProductUuid = '11111111-1111-1111-1111-111111111111';
    const b = sampleReport({ machineId, hostname: 'clone-b' });
    b.identity.dmiProductUuid = '22222222-2222-2222-2222-222222222222';
    const ea = await enroll(api.url, SECRET, a);
    const eb = await enroll(api.url, SECRET, b);
    assert.notEqual(ea.hostId, eb.hostId);
    assert.equal((await postReport(api.url, ea.agentToken, a)).status, 202);
    assert.equal((await postReport(api.url, ea.agentToken, b)).status, 403, "a clone's token cannot post as its twin");
  });

  it('enrolling with a label the report contract would refuse answers 400 naming the label', async () => {
    const r = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const body = {
      enrollSecret: SECRET,
      machineId: r.identity.machineId,
      hostname: r.configuration.host.hostname,
      labels: { ok: 'x', 'bad key': 'y', long: 'v'.repeat(257) },
    };
    const res = await call(`${api.url}/api/v1/agents/enroll`, { body });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), ['labels.bad key', 'labels.long']);
    assert.equal(await count(`SELECT count(*) AS n FROM hosts WHERE machine_id = $1`, [r.identity.machineId]), 0);
  });

  it('enrolling with a wrong secret is refused', async () => {
    const res = await call(`${api.url}/api/v1/agents/enroll`, { body: { enrollSecret: 'wrong-secret-0123456789', machineId: 'abc', hostname: 'h' } });
    assert.equal(res.status, 401);
  });

  it('serves health, readiness and token-protected metrics', async () => {
    assert.equal((await call(`${api.url}/healthz`)).status, 200);
    const ready = await call(`${api.url}/readyz`);
    assert.deepEqual([ready.body.database, ready.body.queue, ready.body.queueMode], ['ok', 'ok', 'bullmq']);
    assert.equal((await call(`${api.url}/metrics`)).status, 401);
    const metrics = await call(`${api.url}/metrics`, { token: ADMIN });
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /memfleet_reports_accepted_total\{configuration="unchanged"\} [1-9]/);
    assert.match(metrics.body, /memfleet_jobs_completed_total [1-9]/);
  });
});
