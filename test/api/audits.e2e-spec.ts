import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sampleReport } from '@memfleet/contracts';
import { evaluateReport } from '@memfleet/rules';
import { generateReport } from '../../libs/rules/src/testing/generate-reports';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';
import { until } from '../helpers/until';

const SECRET = 'audits-enroll-secret-0123456789';
const ADMIN = 'audits-admin-token-0123456789';

/** A generated host report on which some rule hits. */
function hittingReport() {
  for (let i = 0; i < 200; i++) {
    const report = generateReport(i);
    if (evaluateReport(report).some((r) => r.outcome === 'hit')) return report;
  }
  throw new Error('no generated report hits');
}

type FieldErrors = { errors?: { path: string; reason: string }[] };
const errorAt = (body: FieldErrors, path: string) => body.errors?.find((e) => e.path === path || e.path.startsWith(`${path}.`));

describe('audits over HTTP: run one, follow it, list them', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let worker: RunningProcess | undefined;
  let env: Record<string, string>;
  let hitHosts = 0;
  const get = (path: string) => call(`${api.url}${path}`, { token: ADMIN });
  const post = (body: unknown) => call(`${api.url}/api/v1/audits`, { token: ADMIN, body });

  before(async () => {
    db = await createThrowawayDatabase();
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_ADMIN_TOKEN: ADMIN,
    };
    // The API takes no jobs here: while no worker runs, an audit stays queued.
    api = await startApi(env);
    worker = startProcess(WORKER_MAIN, env);
    const hitting = hittingReport();
    const reports = [
      { report: hitting, labels: { team: 'edge' } },
      { report: sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: 'core-1' }), labels: { team: 'core' } },
    ];
    for (const { report, labels } of reports) {
      const { agentToken } = await enroll(api.url, SECRET, report, labels);
      const res = await postReport(api.url, agentToken, { ...report, labels, sequence: 1 }, { wait: 30 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      if ((res.body.findings as { outcome: string }[]).some((f) => f.outcome === 'hit')) hitHosts++;
    }
    await worker.stop();
    worker = undefined;
  });

  after(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.drop();
  });

  let first: string;
  it('answers 202 with the id, shows it queued with its progress, and done with its summary once a worker ran it', async () => {
    const res = await post({});
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.deepEqual(Object.keys(res.body).sort(), ['id', 'status']);
    assert.equal(res.body.status, 'queued');
    first = res.body.id;

    const queued = await get(`/api/v1/audits/${first}`);
    assert.equal(queued.status, 200);
    assert.equal(queued.body.status, 'queued');
    assert.deepEqual(queued.body.progress, { step: 'queued', done: 0, total: 0 });
    assert.equal(queued.body.summary, null);
    assert.equal(queued.body.totals, null);
    assert.equal(queued.body.trigger, 'manual');
    assert.deepEqual(queued.body.scope, {});
    const early = await get(`/api/v1/audits/${first}/export?format=json`);
    assert.equal(early.status, 409, 'an audit is exported once it is done');

    worker = startProcess(WORKER_MAIN, env);
    const done = await until('the audit is done', async () => {
      const r = await get(`/api/v1/audits/${first}`);
      assert.notEqual(r.body.status, 'failed', JSON.stringify(r.body));
      return r.body.status === 'done' && r.body;
    });
    assert.equal(done.progress.done, done.progress.total);
    assert.ok(done.progress.total > 0);
    assert.ok(done.startedAt && done.finishedAt);
    assert.deepEqual(done.summary.fleet, { total: 2, reporting: 2, stale: 0, retired: 0 });
    assert.equal(done.summary.findings.totals.hosts, hitHosts);
    assert.deepEqual(done.totals, done.summary.findings.totals);
    assert.equal(done.summary.changes, null);
  });

  it('limits an audit to a label selector, and compares it with the previous audit of that scope only', async () => {
    const run = async (scope: Record<string, string>) => {
      const res = await post({ scope });
      assert.equal(res.status, 202);
      return until('the scoped audit is done', async () => {
        const r = await get(`/api/v1/audits/${res.body.id}`);
        return r.body.status === 'done' && r.body;
      });
    };
    const edge = await run({ team: 'edge' });
    assert.deepEqual(edge.scope, { team: 'edge' });
    assert.equal(edge.summary.fleet.total, 1);
    assert.equal(edge.summary.previousAuditId, null);
    const again = await run({ team: 'edge' });
    assert.equal(again.summary.previousAuditId, edge.id);
    assert.deepEqual(again.summary.changes.opened, { total: 0, items: [] });
  });

  it('exports a finished audit as JSON (summary and every hit), CSV, HTML and PDF attachments', async () => {
    const json = await get(`/api/v1/audits/${first}/export?format=json`);
    assert.equal(json.status, 200);
    assert.match(json.headers.get('content-disposition') ?? '', /^attachment; filename="memfleet-audit-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.json"$/);
    const stored = (await get(`/api/v1/audits/${first}`)).body;
    assert.deepEqual(json.body.summary, stored.summary);
    assert.equal(json.body.id, first);
    const hits = stored.summary.findings.totals;
    assert.equal(json.body.hits.length, hits.critical + hits.warning + hits.info + hits.silenced, 'every hit, silenced ones included');
    // Every host of each remediation, where the summary keeps the first 20 with the total.
    // A key is listed once per effect it has on some host (fixes here, mitigates there).
    for (const r of stored.summary.remediations as { key: string; effect?: string | null; hosts: { total: number } }[]) {
      const listed = new Set(
        (json.body.remediationHosts as { key: string; effect: string | null; hostId: string }[])
          .filter((x) => x.key === r.key && x.effect === (r.effect ?? null))
          .map((x) => x.hostId),
      );
      assert.equal(listed.size, r.hosts.total, `every host of ${r.key}`);
    }
    assert.ok(json.body.remediationHosts.length > 0);
    const csv = await fetch(`${api.url}/api/v1/audits/${first}/export?format=csv`, { headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal((await csv.text()).trim().split('\n').length, 1 + json.body.hits.length, 'a header row and one row per hit');
    const html = await fetch(`${api.url}/api/v1/audits/${first}/export?format=html`, { headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(html.status, 200);
    assert.match(await html.text(), /<html/i);
    const pdf = await fetch(`${api.url}/api/v1/audits/${first}/export?format=pdf`, { headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(pdf.status, 200);
    assert.equal(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 4)
        .toString(),
      '%PDF',
    );
    const bad = await get(`/api/v1/audits/${first}/export?format=xml`);
    assert.equal(bad.status, 400);
    assert.ok(errorAt(bad.body, 'format') ?? errorAt(bad.body, 'query.format'), JSON.stringify(bad.body));
  });

  it('lists audits newest first in pages, and by schedule', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/api/v1/audits?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      assert.equal(page.body.total, 3);
      assert.ok(page.body.items.length <= 2);
      seen.push(...page.body.items.map((a: { id: string }) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 3);
    assert.equal(seen[2], first, 'the first audit comes last');
    const none = await get(`/api/v1/audits?scheduleId=${randomUUID()}`);
    assert.deepEqual([none.status, none.body.total, none.body.items], [200, 0, []]);
  });

  it('answers 400 naming the field for a scope that is not a label map or has a bad label, a bad query, a non-UUID id; 404 for an unknown id', async () => {
    for (const scope of [['team=edge'], 'team=edge', 42]) {
      const res = await post({ scope });
      assert.equal(res.status, 400, `scope ${JSON.stringify(scope)}`);
      assert.ok(errorAt(res.body, 'scope'), JSON.stringify(res.body));
    }
    const badKey = await post({ scope: { 'not a key!': 'x' } });
    assert.equal(badKey.status, 400);
    assert.ok(errorAt(badKey.body, 'scope'), JSON.stringify(badKey.body));
    const badValue = await post({ scope: { team: 7 } });
    assert.equal(badValue.status, 400);
    assert.ok(errorAt(badValue.body, 'scope'), JSON.stringify(badValue.body));

    const badSchedule = await get('/api/v1/audits?scheduleId=nope');
    assert.equal(badSchedule.status, 400);
    assert.ok(errorAt(badSchedule.body, 'scheduleId') ?? errorAt(badSchedule.body, 'query.scheduleId'), JSON.stringify(badSchedule.body));
    const badCursor = await get('/api/v1/audits?cursor=garbage');
    assert.equal(badCursor.status, 400);
    assert.ok(errorAt(badCursor.body, 'query.cursor'), JSON.stringify(badCursor.body));

    const notUuid = await get('/api/v1/audits/not-a-uuid');
    assert.equal(notUuid.status, 400);
    assert.ok(errorAt(notUuid.body, 'id'), JSON.stringify(notUuid.body));
    const unknown = await get(`/api/v1/audits/${randomUUID()}`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /application\/problem\+json/);
  });
});
