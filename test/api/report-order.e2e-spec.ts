import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { sampleReport, type Report } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { REPO_ROOT, startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'order-admin-token-0123456789abcdef';
const SECRET = 'order-enroll-secret-0123456789';
const AGENT_MAIN = path.join(REPO_ROOT, 'dist/apps/agent/src/main.js');
const FIXTURE_ROOT = path.join(REPO_ROOT, 'apps/agent/fixtures/healthy-kvm-qemu');
const PROBLEM = 'https://memfleet.dev/problems/';
// A report that changes no rule input is settled without a job: it counts as evaluated.
const EVALUATED = /^(evaluated|settled)$/;

describe('report order per agent instance, sequence jumps and Idempotency-Key reuse (real API, PostgreSQL, Redis)', { timeout: 240_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let pg: Client;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-order-'));

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_RUN_WORKERS: 'true',
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
    });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end();
    await api?.stop();
    await db?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function host(): Promise<{ report: Report; hostId: string; token: string }> {
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken, hostId } = await enroll(api.url, SECRET, report);
    return { report, hostId, token: agentToken };
  }
  const withOrder = (r: Report, sequence: number, instanceId?: string): Report => ({
    ...r,
    sequence,
    agent: { ...r.agent, ...(instanceId ? { instanceId } : {}) },
  });
  const stored = async (hostId: string) => {
    const { rows } = await pg.query(
      `SELECT (SELECT count(*)::int FROM reports WHERE host_id = $1) AS reports, (SELECT count(*)::int FROM host_configs WHERE host_id = $1) AS configs`,
      [hostId],
    );
    return rows[0] as { reports: number; configs: number };
  };

  it('evaluates the first reports of a new agent instance (wiped state directory) instead of superseding them', async () => {
    const { report, hostId, token } = await host();
    const before = randomUUID();
    for (const seq of [41, 42]) assert.match((await postReport(api.url, token, withOrder(report, seq, before), { wait: 20 })).body.status, EVALUATED);
    // The state directory was wiped: a new instance counts from 1 again.
    const after = randomUUID();
    const first = await postReport(api.url, token, withOrder(report, 1, after), { wait: 20 });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.match(first.body.status, EVALUATED);
    const second = await postReport(api.url, token, withOrder(report, 2, after), { wait: 20 });
    assert.match(second.body.status, EVALUATED);
    const detail = await call(`${api.url}/api/v1/hosts/${hostId}`, { token: ADMIN });
    assert.equal(detail.body.latestReport.id, second.body.reportId, "the new instance's report is the host's latest");
    const rep = await call(`${api.url}/api/v1/reports/${second.body.reportId}`, { token: ADMIN });
    assert.equal(rep.body.instanceId, after);
    // Within the new instance, order still holds: an older sequence is superseded.
    const late = await postReport(api.url, token, withOrder(report, 1, after), { wait: 20, idempotencyKey: randomUUID() });
    assert.equal(late.body.status, 'superseded');
  });

  it('keeps each instance in its own epoch: a late report of an earlier instance is older and does not take the host over', async () => {
    const { report, hostId, token } = await host();
    const a = randomUUID();
    const b = randomUUID();
    const keys = [randomUUID(), randomUUID(), randomUUID()];
    for (const seq of [1, 2, 3]) {
      const r = await postReport(api.url, token, withOrder(report, seq, a), { wait: 20, idempotencyKey: keys[seq - 1] });
      assert.match(r.body.status, EVALUATED);
    }
    // A second agent on the same host token (e.g. a rolling pod overlap) starts a newer order.
    const b1 = await postReport(api.url, token, withOrder(report, 1, b), { wait: 20 });
    assert.match(b1.body.status, EVALUATED);
    // A's late retry of seq 2 under a new key, and A's next report: both older than B's.
    for (const seq of [2, 4]) {
      const late = await postReport(api.url, token, withOrder(report, seq, a), { wait: 20, idempotencyKey: randomUUID() });
      assert.equal(late.body.status, 'superseded', `A's seq ${seq} after B's first report`);
    }
    const order = async () =>
      (await pg.query(`SELECT instance_id, instance_epoch, latest_report_id FROM hosts WHERE id = $1`, [hostId])).rows[0] as Record<string, unknown>;
    const epochOf = async (id: string) => (await pg.query(`SELECT epoch FROM reports WHERE id = $1`, [id])).rows[0].epoch as number;
    assert.deepEqual(await order(), { instance_id: b, instance_epoch: await epochOf(b1.body.reportId), latest_report_id: b1.body.reportId });
    // B goes on in its own epoch, and stays the host's latest.
    const b2 = await postReport(api.url, token, withOrder(report, 2, b), { wait: 20 });
    assert.match(b2.body.status, EVALUATED);
    assert.equal(await epochOf(b2.body.reportId), await epochOf(b1.body.reportId));
    const detail = await call(`${api.url}/api/v1/hosts/${hostId}`, { token: ADMIN });
    assert.equal(detail.body.latestReport.id, b2.body.reportId);
  });

  it('refuses a sequence more than 1,000,000 ahead within an instance with a 400 naming sequence, and stores nothing', async () => {
    const { report, hostId, token } = await host();
    const instance = randomUUID();
    assert.match((await postReport(api.url, token, withOrder(report, 1, instance), { wait: 20 })).body.status, EVALUATED);
    const counts = await stored(hostId);
    const changed: Report = {
      ...withOrder(report, Number.MAX_SAFE_INTEGER, instance),
      configuration: { ...report.configuration, vm: { ...report.configuration.vm, maxMapCount: 1 } },
    };
    const jump = await postReport(api.url, token, changed);
    assert.equal(jump.status, 400);
    assert.equal(jump.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.deepEqual(
      jump.body.errors.map((e: { path: string }) => e.path),
      ['sequence'],
    );
    assert.match(jump.body.errors[0].reason, /at most 1000001/);
    assert.deepEqual(await stored(hostId), counts, 'neither the report nor its new configuration was stored');
    // Exactly the limit is accepted, and the host goes on evaluating.
    assert.match((await postReport(api.url, token, withOrder(report, 1_000_001, instance), { wait: 20 })).body.status, EVALUATED);
    assert.match((await postReport(api.url, token, withOrder(report, 1_000_002, instance), { wait: 20 })).body.status, EVALUATED);
  });

  it('orders the reports of an agent without instanceId as one instance per host, as before', async () => {
    const { report, hostId, token } = await host();
    assert.match((await postReport(api.url, token, withOrder(report, 5), { wait: 20 })).body.status, EVALUATED);
    assert.equal((await postReport(api.url, token, withOrder(report, 3), { wait: 20 })).body.status, 'superseded');
    const six = await postReport(api.url, token, withOrder(report, 6), { wait: 20 });
    assert.match(six.body.status, EVALUATED);
    assert.equal((await postReport(api.url, token, withOrder(report, 6 + 1_000_001))).status, 400);
    const detail = await call(`${api.url}/api/v1/hosts/${hostId}`, { token: ADMIN });
    assert.equal(detail.body.latestReport.id, six.body.reportId);
    assert.equal((await call(`${api.url}/api/v1/reports/${six.body.reportId}`, { token: ADMIN })).body.instanceId, null);
  });

  it('answers 422 when an Idempotency-Key is reused with a different payload, and stores nothing new', async () => {
    const { report, hostId, token } = await host();
    const key = randomUUID();
    const first = await postReport(api.url, token, withOrder(report, 1), { idempotencyKey: key });
    assert.equal(first.status, 202);
    const replay = await postReport(api.url, token, withOrder(report, 1), { idempotencyKey: key, gzip: true });
    assert.equal(replay.body.reportId, first.body.reportId, 'a replay answers with the first report');
    assert.ok(replay.status === 200 || replay.status === 202);
    const counts = await stored(hostId);
    // Another sequence and another configuration: neither the report nor the configuration is stored.
    const other: Report = { ...withOrder(report, 2), configuration: { ...report.configuration, vm: { ...report.configuration.vm, maxMapCount: 7 } } };
    const reused = await postReport(api.url, token, other, { idempotencyKey: key });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.type, `${PROBLEM}idempotency-key-reused`);
    assert.deepEqual(
      reused.body.errors.map((e: { path: string }) => e.path),
      ['header.Idempotency-Key'],
    );
    assert.deepEqual(await stored(hostId), counts);
  });

  it('binds a key only to a stored report: after a 400 the same key stores the corrected report', async () => {
    const { report, hostId, token } = await host();
    const key = randomUUID();
    assert.equal((await postReport(api.url, token, { ...withOrder(report, 1), intervalSeconds: 0 }, { idempotencyKey: key })).status, 400);
    const ok = await postReport(api.url, token, withOrder(report, 1), { idempotencyKey: key, wait: 20 });
    assert.deepEqual([ok.status, ok.body.status], [200, 'evaluated']);
    // A refused jump binds nothing either.
    const key2 = randomUUID();
    assert.equal((await postReport(api.url, token, withOrder(report, 5_000_000), { idempotencyKey: key2 })).status, 400);
    const next = await postReport(api.url, token, withOrder(report, 2), { idempotencyKey: key2 });
    assert.deepEqual([next.status, next.body.status], [200, 'settled'], 'it changes nothing the first one was evaluated with');
    assert.equal((await stored(hostId)).reports, 2);
  });

  it('a real agent whose state directory is wiped sends a new instanceId from sequence 1, and is evaluated', async () => {
    const config = path.join(tmp, 'agent.json');
    const state = path.join(tmp, 'state');
    const enrolled = run(['enroll', '--server', api.url, '--enroll-secret', SECRET, '--config', config, '--root', FIXTURE_ROOT]);
    assert.equal(await enrolled.exited, 0, enrolled.output());
    const { hostId } = JSON.parse(fs.readFileSync(config, 'utf8')) as { hostId: string };
    const once = ['run', '--once', '--config', config, '--state-dir', state, '--root', FIXTURE_ROOT, '--no-network-probes', '--wait', '20s'];
    for (let i = 0; i < 3; i++) {
      const r = run(once);
      assert.equal(await r.exited, 0, r.output());
    }
    const firstInstance = fs.readFileSync(path.join(state, 'instance-id'), 'utf8').trim();
    fs.rmSync(state, { recursive: true });
    const r = run(once);
    assert.equal(await r.exited, 0, r.output());
    assert.match(r.output(), /report 1 \([0-9a-f-]+\) evaluated/);
    const secondInstance = fs.readFileSync(path.join(state, 'instance-id'), 'utf8').trim();
    assert.notEqual(secondInstance, firstInstance);
    const { rows } = await pg.query(`SELECT instance_id, sequence::int, status FROM reports WHERE host_id = $1 ORDER BY received_at`, [hostId]);
    assert.deepEqual(
      rows.map((x) => [x.instance_id, x.sequence, EVALUATED.test(x.status)]),
      [
        [firstInstance, 1, true],
        [firstInstance, 2, true],
        [firstInstance, 3, true],
        [secondInstance, 1, true],
      ],
    );
  });
});

/** Runs the real agent (dist) with these arguments. */
function run(args: string[]): { exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [AGENT_MAIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return { exited: new Promise((r) => child.on('exit', (code) => r(code))), output: () => out };
}
