import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleReport } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';

const ADMIN = 'embedded-admin-token-0123456789';
const SECRET = 'embedded-enroll-secret-0123456789';

describe('embedded mode: no DATABASE_URL, no REDIS_URL', { timeout: 180_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  const env = () => ({
    MEMFLEET_DATA_DIR: dataDir,
    MEMFLEET_ADMIN_TOKEN: ADMIN,
    MEMFLEET_ENROLL_SECRET: SECRET,
    LOG_LEVEL: 'info',
    MEMFLEET_METRICS_PUBLIC: 'true',
  });

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-embedded-'));
    api = await startApi(env());
  });
  after(async () => {
    await api?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('states its mode in the start log, and serves /metrics without a token when MEMFLEET_METRICS_PUBLIC=true', async () => {
    assert.match(api.output(), /database: embedded PGlite/);
    assert.match(api.output(), /queue: inline — set REDIS_URL for BullMQ workers/);
    const metrics = await call(`${api.url}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /memfleet_queue_depth\{state="waiting"\} 0/);
  });

  it('stores and evaluates concurrent reports from many hosts without deadlocking the single connection', async () => {
    const hosts = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
        return { report, token: (await enroll(api.url, SECRET, report)).agentToken };
      }),
    );
    const posts = hosts.flatMap(({ report, token }) => [1, 2, 3].map((sequence) => postReport(api.url, token, { ...report, sequence }, { wait: 30 })));
    const answers = await Promise.all(posts);
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]), JSON.stringify(answers.find((a) => a.status !== 200)?.body));
    const list = await call(`${api.url}/api/v1/reports/${answers[0].body.reportId}`, { token: ADMIN });
    assert.equal(list.body.status, 'evaluated');
  });

  it('keeps its data across a restart', async () => {
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken } = await enroll(api.url, SECRET, report);
    const posted = await postReport(api.url, agentToken, report, { wait: 30 });
    assert.equal(posted.status, 200);
    // Nest re-raises the signal after its shutdown hooks ran: exit by SIGTERM, not by the SIGKILL fallback.
    assert.ok(['SIGTERM', 0].includes((await api.stop()) as string | number), 'SIGTERM shuts down cleanly');
    assert.doesNotMatch(api.output(), /"level":50/, 'no error logged on shutdown');
    api = await startApi(env());
    const again = await call(`${api.url}/api/v1/reports/${posted.body.reportId}`, { token: ADMIN });
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'evaluated');
    // The agent token survives too: the host can keep reporting.
    // Unchanged since its evaluation, the next report is settled without a job.
    const next = await postReport(api.url, agentToken, { ...report, sequence: 2 });
    assert.deepEqual([next.status, next.body.status], [200, 'settled']);
  });
});

describe('first start without MEMFLEET_ADMIN_TOKEN / MEMFLEET_ENROLL_SECRET', { timeout: 120_000 }, () => {
  it('generates both, prints them once, and they work; a restart prints nothing new', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-bootstrap-'));
    try {
      let api = await startApi({ MEMFLEET_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
      const admin = /admin token \(shown once; store it now\): (mfa_\S+?)"/.exec(api.output())?.[1];
      const secret = /enroll secret \(shown once[^)]*\): (mfe_\S+?)"/.exec(api.output())?.[1];
      assert.ok(admin && secret, api.output());
      assert.equal((await call(`${api.url}/api/v1/auth/whoami`, { token: admin })).body.role, 'admin');
      await enroll(api.url, secret, sampleReport({ machineId: randomUUID().replace(/-/g, '') }));
      await api.stop();
      api = await startApi({ MEMFLEET_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
      assert.doesNotMatch(api.output(), /shown once/);
      assert.equal((await call(`${api.url}/api/v1/auth/whoami`, { token: admin })).status, 200);
      await api.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
