import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'history-admin-token-0123456789';
const SECRET = 'history-enroll-secret-0123456789';
const MiB = 1024 * 1024;
const MIN = 60_000;
const HOUR = 60 * MIN;
const AERON = 'aeron:/opt/aeron/driver';
const APP = 'java:/opt/app/server';

interface Posted {
  sequence: number;
  at: number;
}

describe('GET /api/v1/hosts/:id/history (real PostgreSQL)', { timeout: 240_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let hostId: string;
  const posted: Posted[] = [];
  const get = (path: string) => call(`${api.url}${path}`, { token: ADMIN });

  /** The report of sequence `s`: MemAvailable and the app's RSS name the sequence, so a point shows which report it is. */
  function reportAt(base: Report, sequence: number, at: number, tinyProcesses = 0): Report {
    const r: Report = structuredClone(base);
    r.sequence = sequence;
    r.collectedAt = new Date(at).toISOString();
    r.metrics.memAvailableBytes = sequence * MiB;
    r.metrics.committedAsBytes = 2000 * MiB + sequence;
    r.configuration.cpu.online = sequence % 2 ? '0-7' : '0-3';
    r.metrics.filesystems[0].availableBytes = 4000 * MiB - sequence;
    r.metrics.processes.find((p) => p.subject === APP)!.rssBytes = 100 * MiB + sequence * MiB;
    for (let i = 0; i < tinyProcesses; i++) withProcess(r, { subject: `tiny:svc-${i}` }, { rssBytes: MiB + i });
    return r;
  }

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET, MEMFLEET_RATE_REPORTS_PER_MINUTE: '100000' });
    const base = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: 'charted-01' });
    withProcess(base, { subject: APP }, { rssBytes: 100 * MiB });
    withProcess(
      base,
      { subject: AERON, runtimes: [{ kind: 'aeron', version: '1.44.1' }] },
      {
        rssBytes: 50 * MiB,
        aeronDir: {
          resolvedPath: '/dev/shm/aeron',
          exists: true,
          readable: true,
          logBufferCount: 1,
          logBufferBytes: 16 * MiB,
          usage: {
            mountPoint: `${AERON}:/dev/shm`,
            blockSizeBytes: 4096,
            totalBytes: 1024 * MiB,
            freeBytes: 512 * MiB,
            availableBytes: 256 * MiB,
            inodesTotal: 1000,
            inodesFree: 900,
          },
        },
      },
    );
    const enrolled = await enroll(api.url, SECRET, base);
    hostId = enrolled.hostId;
    const now = Date.now();
    // Oldest first: 3 reports 10–12 days ago (one with 55 small processes), one every 8 h over the last
    // 6.5 days, then one every 30 s over the last 30 minutes.
    const times = [12, 11, 10].map((d) => now - d * 24 * HOUR);
    for (let t = now - 156 * HOUR; t < now - 2 * HOUR; t += 8 * HOUR) times.push(t);
    for (let t = now - 30 * MIN; t < now - 10_000; t += 30_000) times.push(t);
    let sequence = 0;
    for (const at of times) {
      sequence++;
      const res = await postReport(api.url, enrolled.agentToken, reportAt(base, sequence, at, sequence === 1 ? 55 : 0));
      assert.equal(res.status, 202, JSON.stringify(res.body));
      posted.push({ sequence, at });
    }
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  /** What the server should give for a range: in each bucket since `from`, the report with the highest sequence. */
  function expected(fromMs: number, bucketSeconds: number): number[] {
    const newest = new Map<number, number>();
    for (const p of posted) {
      if (p.at <= fromMs) continue;
      const b = Math.floor(p.at / 1000 / bucketSeconds);
      newest.set(b, Math.max(newest.get(b) ?? 0, p.sequence));
    }
    return [...newest.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  }

  it('gives the newest report of each bucket over each range, bounded, oldest first', async () => {
    for (const [range, seconds] of [
      ['6h', 6 * 3600],
      ['24h', 86400],
      ['7d', 7 * 86400],
      ['14d', 14 * 86400],
    ] as const) {
      const res = await get(`/api/v1/hosts/${hostId}/history?range=${range}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const h = res.body;
      assert.equal(h.range, range);
      assert.equal(h.bucketSeconds, Math.ceil(seconds / 240));
      const span = Date.parse(h.to) - Date.parse(h.from);
      assert.ok(span <= seconds * 1000 && span > (seconds - h.bucketSeconds) * 1000, `${range} spans ${span} ms`);
      assert.equal(Date.parse(h.from) % (h.bucketSeconds * 1000), 0, 'the range starts on a slice boundary');
      assert.ok(h.points.length <= 240);
      assert.deepEqual(
        h.points.map((p: { sequence: number }) => p.sequence),
        expected(Date.parse(h.from), h.bucketSeconds),
        range,
      );
      for (const p of h.points) {
        assert.equal(p.memAvailableBytes, p.sequence * MiB);
        assert.equal(p.committedAsBytes, 2000 * MiB + p.sequence);
        assert.equal(p.commitLimitBytes, 8 * 1024 * MiB);
        assert.equal(p.shmAvailableBytes, 4000 * MiB - p.sequence);
        assert.equal(p.cpuOnlineCount, p.sequence % 2 ? 8 : 4);
      }
      const app = h.processes.find((s: { subject: string }) => s.subject === APP);
      assert.deepEqual(
        app.values,
        h.points.map((p: { sequence: number }) => 100 * MiB + p.sequence * MiB),
      );
      assert.deepEqual(h.aeronDirs, [{ subject: AERON, values: h.points.map(() => 256 * MiB) }]);
    }
    // 61 reports in the last 30 minutes, every 30 s: 6 h of 90 s buckets keeps about a third of them.
    const six = (await get(`/api/v1/hosts/${hostId}/history?range=6h`)).body;
    const recent = posted.filter((p) => p.at > Date.parse(six.from)).length;
    assert.ok(six.points.length < recent / 2, `${six.points.length} points for ${recent} reports`);
    assert.equal((await get(`/api/v1/hosts/${hostId}/history`)).body.range, '24h');
  });

  it('never gives more than 240 points, however often the host reports', async () => {
    // A host reporting every 60 s over the last 6 h: every one of the 240 slices of 90 s holds a report.
    const dense = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: 'charted-02' });
    const { hostId: id, agentToken } = await enroll(api.url, SECRET, dense);
    const now = Date.now();
    let sequence = 0;
    for (let t = now - 6 * HOUR + 30_000; t < now; t += 60_000) {
      const r = { ...structuredClone(dense), sequence: ++sequence, collectedAt: new Date(t).toISOString() };
      assert.ok([200, 202].includes((await postReport(api.url, agentToken, r)).status), 'stored');
    }
    // And one just before the request, so the current (partial) slice holds a report too.
    const last = { ...structuredClone(dense), sequence: ++sequence, collectedAt: new Date().toISOString() };
    assert.ok([200, 202].includes((await postReport(api.url, agentToken, last)).status), 'stored');
    const h = (await get(`/api/v1/hosts/${id}/history?range=6h`)).body;
    assert.equal(sequence, 361);
    assert.equal(h.points.length, 240);
    assert.ok(h.points.every((p: { collectedAt: string }) => Date.parse(p.collectedAt) > Date.parse(h.from)));
  });

  it('keeps the 50 largest processes, and the one asked for by name', async () => {
    const all = (await get(`/api/v1/hosts/${hostId}/history?range=14d`)).body;
    assert.equal(all.processes.length, 50);
    assert.equal(all.processesOmitted, 7); // the app, the Aeron driver and 55 small ones
    assert.deepEqual(
      all.processes.slice(0, 2).map((s: { subject: string }) => s.subject),
      [APP, AERON],
    );
    assert.ok(!all.processes.some((s: { subject: string }) => s.subject === 'tiny:svc-0'));
    const asked = (await get(`/api/v1/hosts/${hostId}/history?range=14d&process=${encodeURIComponent('tiny:svc-0')}`)).body;
    assert.equal(asked.processes.length, 51);
    const tiny = asked.processes.find((s: { subject: string }) => s.subject === 'tiny:svc-0');
    assert.deepEqual(
      tiny.values.filter((v: number | null) => v !== null),
      [MiB],
    );
  });

  it('reads samples stored before the chart series were kept as unknown, not zero', async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      const last = posted[posted.length - 1].sequence;
      await c.query(`UPDATE report_samples SET sample = sample - 'host' - 'aeron' WHERE host_id = $1 AND sequence = $2`, [hostId, last]);
    } finally {
      await c.end();
    }
    const h = (await get(`/api/v1/hosts/${hostId}/history?range=6h`)).body;
    const p = h.points[h.points.length - 1];
    assert.equal(p.memAvailableBytes, null);
    assert.equal(p.shmAvailableBytes, null);
    assert.equal(p.cpuOnlineCount, posted.length % 2 ? 8 : 4); // the online set was always sampled
    assert.equal(h.aeronDirs[0].values[h.points.length - 1], null);
  });

  it('answers bad input with 400 naming the field, and an unknown host with 404', async () => {
    for (const [q, field] of [
      ['range=3h', 'range'],
      ['range=', 'range'],
      ['range=24h&range=7d', 'range'],
      ['process=', 'process'],
    ]) {
      const res = await get(`/api/v1/hosts/${hostId}/history?${q}`);
      assert.equal(res.status, 400, `${q}: ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === field),
        `${q} names ${field}: ${JSON.stringify(res.body.errors)}`,
      );
    }
    const badId = await get(`/api/v1/hosts/not-a-uuid/history`);
    assert.equal(badId.status, 400);
    assert.deepEqual(
      badId.body.errors.map((e: { path: string }) => e.path),
      ['id'],
    );
    assert.equal((await get(`/api/v1/hosts/${randomUUID()}/history`)).status, 404);
    assert.equal((await call(`${api.url}/api/v1/hosts/${hostId}/history`)).status, 401);
  });
});
