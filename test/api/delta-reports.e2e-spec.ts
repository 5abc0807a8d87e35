import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { configurationHash, sampleReport, toReportV3, type Report } from '@memfleet/contracts';
import { enroll, postReport } from '../helpers/api-client';
import { startApi, UNLIMITED_RATES, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'test-admin-token-0123456789abcdef';
const SECRET = 'test-enroll-secret-0123456789abcdef';

/** Stored: queued for evaluation (202), or settled at once because it changed no rule input (200). */
const stored = (res: { status: number; body: { status?: string } }): boolean => res.status === 202 || (res.status === 200 && res.body.status === 'settled');

describe('delta reports (schema v3) over HTTP (API process, real PostgreSQL and Redis)', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let pg: Client;
  const reports = (hostId: string) =>
    pg
      .query<{ sequence: string; schema_version: number; config_hash: string; idempotency_key: string | null }>(
        `SELECT r.sequence, r.schema_version, c.config_hash, r.idempotency_key FROM reports r JOIN host_configs c ON c.id = r.config_id
          WHERE r.host_id = $1 ORDER BY r.sequence`,
        [hostId],
      )
      .then((r) => r.rows);
  const configRows = (hostId: string) => pg.query(`SELECT config_hash FROM host_configs WHERE host_id = $1`, [hostId]).then((r) => r.rows.length);

  async function host(): Promise<{ token: string; hostId: string; base: Report; hash: string }> {
    const base = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken, hostId } = await enroll(api.url, SECRET, base);
    return { token: agentToken, hostId, base, hash: configurationHash(base.configuration) };
  }

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_RUN_WORKERS: 'true',
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      ...UNLIMITED_RATES,
    });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end();
    await api?.stop();
    await db?.drop();
  });

  it('stores a whole report under its canonical hash, then metrics-only ones against that configuration; every 2xx names the hash', async () => {
    const { token, hostId, base, hash } = await host();
    const whole = await postReport(api.url, token, toReportV3({ ...base, sequence: 1 }, true), { gzip: true });
    assert.equal(whole.status, 202, JSON.stringify(whole.body));
    assert.equal(whole.body.configurationHash, hash);
    assert.equal(whole.body.configurationChanged, true);
    for (const sequence of [2, 3]) {
      const delta = toReportV3({ ...base, sequence, metrics: { ...base.metrics, uptimeSeconds: 90_000 + sequence } }, false);
      assert.equal('configuration' in delta, false);
      const res = await postReport(api.url, token, delta, { wait: 20 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.configurationHash, hash);
      assert.equal(res.body.configurationChanged, false);
      // the first may still be queued behind report 1's job; once the host is evaluated, an unchanged one settles
      if (sequence === 3) assert.equal(res.body.status, 'settled');
      else assert.ok(['evaluated', 'settled'].includes(res.body.status), res.body.status);
      assert.ok(res.body.findings.length > 0, 'a metrics-only report is judged with the configuration the server holds');
    }
    assert.deepEqual(
      (await reports(hostId)).map((r) => [Number(r.sequence), r.schema_version, r.config_hash]),
      [
        [1, 3, hash],
        [2, 3, hash],
        [3, 3, hash],
      ],
    );
    assert.equal(await configRows(hostId), 1);
    const h = await pg.query(`SELECT hostname, mem_total_bytes::float8 AS mem FROM hosts WHERE id = $1`, [hostId]);
    assert.deepEqual(h.rows[0], { hostname: base.configuration.host.hostname, mem: base.configuration.memory.memTotalBytes });
  });

  it('answers a metrics-only report of an unknown hash 409 configuration-required, stores nothing, and binds nothing to its key', async () => {
    const { token, hostId, base, hash } = await host();
    const key = randomUUID();
    const delta = await postReport(api.url, token, toReportV3({ ...base, sequence: 1 }, false), { idempotencyKey: key });
    assert.equal(delta.status, 409, JSON.stringify(delta.body));
    assert.match(delta.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.match(delta.body.type, /\/configuration-required$/);
    assert.equal(delta.body.configurationHash, hash);
    assert.equal((await reports(hostId)).length, 0);
    assert.equal(await configRows(hostId), 0);
    // the same key again, whole: a first request, not a replay
    const whole = await postReport(api.url, token, toReportV3({ ...base, sequence: 1 }, true), { idempotencyKey: key });
    assert.equal(whole.status, 202, JSON.stringify(whole.body));
    assert.equal(whole.body.configurationChanged, true);
    assert.equal(whole.body.configurationHash, hash);
    // a replay of either form under that key answers as the whole one did, with the hash
    for (const again of [toReportV3({ ...base, sequence: 1 }, true), toReportV3({ ...base, sequence: 1 }, false)]) {
      const replay = await postReport(api.url, token, again, { idempotencyKey: key });
      assert.ok(replay.status === 202 || replay.status === 200, JSON.stringify(replay.body));
      assert.equal(replay.body.reportId, whole.body.reportId);
      assert.equal(replay.body.configurationHash, hash);
    }
    assert.deepEqual(
      (await reports(hostId)).map((r) => r.idempotency_key),
      [key],
    );
  });

  it('refuses a whole report whose hash does not match its configuration, and a malformed hash, with 400 naming configurationHash', async () => {
    const { token, hostId, base, hash } = await host();
    const wrong = await postReport(api.url, token, toReportV3(base, true, 'b'.repeat(64)));
    assert.equal(wrong.status, 400, JSON.stringify(wrong.body));
    assert.deepEqual(wrong.body.errors, [{ path: 'configurationHash', reason: `does not match the configuration (expected ${hash})` }]);
    for (const bad of ['B'.repeat(64), 'b'.repeat(65), 'not-a-hash']) {
      for (const whole of [true, false]) {
        const res = await postReport(api.url, token, { ...toReportV3(base, whole), configurationHash: bad });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.deepEqual(
          res.body.errors.map((e: { path: string }) => e.path),
          ['configurationHash'],
        );
      }
    }
    // a known hash with a configuration that does not match it is refused as well
    assert.equal((await postReport(api.url, token, toReportV3({ ...base, sequence: 1 }, true))).status, 202);
    const changed = {
      ...toReportV3({ ...base, sequence: 2 }, true),
      configuration: { ...base.configuration, vm: { ...base.configuration.vm, maxMapCount: 1 } },
    };
    const lie = await postReport(api.url, token, changed);
    assert.equal(lie.status, 400, JSON.stringify(lie.body));
    assert.equal(lie.body.errors[0].path, 'configurationHash');
    assert.equal((await reports(hostId)).length, 1);
  });

  it('keeps a version 2 agent working beside a version 3 one: its answers name the hash of its configuration text', async () => {
    const v2 = await host();
    const v3 = await host();
    const textHash = createHash('sha256').update(JSON.stringify(v2.base.configuration)).digest('hex');
    for (const sequence of [1, 2]) {
      const a = await postReport(api.url, v2.token, { ...v2.base, sequence });
      assert.ok(stored(a), JSON.stringify(a.body));
      assert.equal(a.body.configurationHash, textHash);
      const b = await postReport(api.url, v3.token, toReportV3({ ...v3.base, sequence }, sequence === 1));
      assert.ok(stored(b), JSON.stringify(b.body));
      assert.equal(b.body.configurationHash, v3.hash);
    }
    assert.deepEqual(
      (await reports(v2.hostId)).map((r) => [r.schema_version, r.config_hash]),
      [
        [2, textHash],
        [2, textHash],
      ],
    );
    assert.deepEqual(
      (await reports(v3.hostId)).map((r) => [r.schema_version, r.config_hash]),
      [
        [3, v3.hash],
        [3, v3.hash],
      ],
    );
  });

  it('answers 409 when the configuration it held is gone (restored database), and takes the whole report after', async () => {
    const { token, hostId, base, hash } = await host();
    assert.equal((await postReport(api.url, token, toReportV3({ ...base, sequence: 1 }, true))).status, 202);
    assert.ok(stored(await postReport(api.url, token, toReportV3({ ...base, sequence: 2 }, false))));
    // the server's cache still names the row; the database no longer has it (its reports go with it)
    await pg.query(`UPDATE hosts SET latest_report_id = NULL, latest_config_id = NULL WHERE id = $1`, [hostId]);
    await pg.query(`DELETE FROM host_configs WHERE host_id = $1`, [hostId]);
    const key = randomUUID();
    const delta = await postReport(api.url, token, toReportV3({ ...base, sequence: 3 }, false), { idempotencyKey: key });
    assert.equal(delta.status, 409, JSON.stringify(delta.body));
    assert.match(delta.body.type, /\/configuration-required$/);
    assert.equal((await reports(hostId)).length, 0);
    const whole = await postReport(api.url, token, toReportV3({ ...base, sequence: 3 }, true), { idempotencyKey: key });
    // the same configuration the host was last evaluated under: it may settle
    assert.ok(stored(whole), JSON.stringify(whole.body));
    assert.equal(whole.body.configurationHash, hash);
    assert.ok(stored(await postReport(api.url, token, toReportV3({ ...base, sequence: 4 }, false))));
    assert.deepEqual(
      (await reports(hostId)).map((r) => Number(r.sequence)),
      [3, 4],
    );
  });
});
