import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { DataSource } from 'typeorm';
import { AuditSummarySchema, type AuditHit, type AuditRequest, type AuditSummary } from '@memfleet/contracts';
import { AuditsRepository } from '@memfleet/persistence';
import { migratedDataSource } from '../../../test/helpers/throwaway-db';
import { runAudit } from './audit-runner';

// A small fleet seeded by SQL, with every expected number worked out by hand below.
//   gw-1  edge  reporting  envoy envoy-a critical (2,304 VMs), redis redis-a info; tcmalloc not evaluated (online CPUs)
//   gw-2  edge  reporting  envoy envoy-b warning (512 VMs); envoy envoy-x not evaluated (plugin count)
//   gw-3  edge  reporting  envoy envoy-c critical (1,024 VMs)
//   db-1  core  reporting  envoy envoy-d warning, silenced (label silence team=core); redis redis-b warning; envoy envoy-y not evaluated
//   old-1 edge  stale      glibc java-a warning (120 arenas)
//   gone-1 edge retired    envoy critical, not evaluated: counted as retired and nowhere else

const ENVOY = 'envoy-wasm-vm-explosion';
const REDIS = 'redis-overcommit-bgsave';
const GLIBC = 'glibc-arena-bloat';
const TCMALLOC = 'tcmalloc-cpu-hotplug-crash';
const GiB = 2 ** 30;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const checkSummary = ajv.compile(AuditSummarySchema);

const ev = (key: string, label: string, value: number, unit = 'count') => ({ key, label, value, unit });
// effect null: a step stored before steps carried one.
const fix = (key: string, host: string, effect: string | null = 'fixes') => ({
  key,
  title: `${key} title`,
  text: `${key} on ${host}`,
  ...(effect ? { effect } : {}),
});

describe('a fleet audit, computed in PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: AuditsRepository;
  const ids: Record<string, string> = {};
  const audits: Record<string, string> = {};
  const summaries: Record<string, AuditSummary> = {};

  async function host(name: string, labels: Record<string, string>, o: { lastSeen?: string; retired?: boolean; firstSeen?: string } = {}) {
    const [row]: { id: string }[] = await ds.query(
      `INSERT INTO hosts (machine_id, hostname, labels, agent_labels, interval_seconds, first_seen_at, last_seen_at, retired_at)
       VALUES ($1, $2, $3::jsonb, $3::jsonb, 300, now() - ${o.firstSeen ?? "interval '30 days'"}, now() - ${o.lastSeen ?? "interval '1 minute'"}, ${o.retired ? 'now()' : 'NULL'}) RETURNING id`,
      [randomBytes(16).toString('hex'), name, JSON.stringify(labels)],
    );
    ids[name] = row.id;
  }

  async function finding(
    hostName: string,
    ruleId: string,
    subject: string,
    f: { outcome?: string; severity?: string | null; evidence?: object[]; remediation?: object[]; missing?: object[]; silenced?: boolean },
  ) {
    await ds.query(
      `INSERT INTO findings (host_id, rule_id, subject, outcome, severity, rule_version, summary, evidence, remediation, missing, silenced, opened_at, first_seen_at)
       VALUES ($1, $2, $3, $4, $5, 1, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10, now() - interval '3 days', now() - interval '10 days')`,
      [
        ids[hostName],
        ruleId,
        subject,
        f.outcome ?? 'hit',
        f.outcome === 'not-evaluated' ? null : (f.severity ?? null),
        `${ruleId} on ${hostName}/${subject}`,
        JSON.stringify(f.evidence ?? []),
        JSON.stringify(f.remediation ?? []),
        JSON.stringify(f.missing ?? []),
        f.silenced ?? false,
      ],
    );
  }

  /** Finding events of one (made-up) finding: [kind, seconds before now]. */
  async function events(hostName: string, ruleId: string, list: [string, number][]) {
    const findingId = randomUUID();
    for (const [kind, ago] of list)
      await ds.query(`INSERT INTO finding_events (finding_id, host_id, rule_id, subject, kind, severity, at) VALUES ($1, $2, $3, 's', $4, 'warning', $5)`, [
        findingId,
        ids[hostName],
        ruleId,
        kind,
        new Date(EVENTS_BASE - ago * 1000),
      ]);
  }

  const request = (scope: Record<string, string>): AuditRequest => ({
    scope,
    trigger: 'manual',
    scheduleId: null,
    requestedBy: 'test',
    formats: ['json'],
    destinationIds: [],
  });

  async function audit(name: string, scope: Record<string, string>) {
    audits[name] = await repo.create(request(scope));
    const steps: string[] = [];
    assert.equal(await runAudit(repo, audits[name], (s) => steps.push(s)), 'done');
    assert.equal(steps.length, 9, 'one progress step per section');
    const row = (await repo.get(audits[name]))!;
    assert.equal(row.status, 'done');
    assert.deepEqual(row.progress, { step: 'done', done: 9, total: 9 });
    assert.ok(checkSummary(row.summary), `the stored summary matches its contract schema: ${JSON.stringify(checkSummary.errors)}`);
    summaries[name] = row.summary as AuditSummary;
    return summaries[name];
  }

  const DAY = 86400;
  // One base instant for every event, so the intervals between them are exact.
  const EVENTS_BASE = Date.now() - 1000;
  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new AuditsRepository(ds);
    await host('gw-1', { team: 'edge', role: 'gateway' });
    await host('gw-2', { team: 'edge', role: 'gateway' });
    await host('gw-3', { team: 'edge', role: 'gateway' });
    await host('db-1', { team: 'core' });
    await host('old-1', { team: 'edge' }, { lastSeen: "interval '3 hours'" });
    await host('gone-1', { team: 'edge' }, { retired: true, lastSeen: "interval '40 days'" });

    const vms = (n: number) => [ev('vms', 'Estimated V8 VMs', n), ev('workers', 'Worker threads', 255)];
    await finding('gw-1', ENVOY, 'envoy-a', { severity: 'critical', evidence: vms(2304), remediation: [fix('envoy.set-concurrency', 'gw-1')] });
    await finding('gw-2', ENVOY, 'envoy-b', { severity: 'warning', evidence: vms(512), remediation: [fix('envoy.set-concurrency', 'gw-2')] });
    await finding('gw-3', ENVOY, 'envoy-c', { severity: 'critical', evidence: vms(1024), remediation: [fix('envoy.set-concurrency', 'gw-3')] });
    await finding('db-1', ENVOY, 'envoy-d', { severity: 'warning', evidence: vms(300), remediation: [fix('envoy.set-concurrency', 'db-1')], silenced: true });
    await finding('gone-1', ENVOY, 'envoy-z', { severity: 'critical', evidence: vms(9999), remediation: [fix('envoy.set-concurrency', 'gone-1')] });
    await finding('gw-1', REDIS, 'redis-a', {
      severity: 'info',
      evidence: [ev('rssBytes', 'Redis RSS', GiB, 'bytes')],
      remediation: [fix('sysctl.overcommit', 'gw-1'), fix('redis.disable-bgsave', 'gw-1', 'mitigates')],
    });
    await finding('db-1', REDIS, 'redis-b', {
      severity: 'warning',
      evidence: [ev('rssBytes', 'Redis RSS', 2 * GiB, 'bytes')],
      // The same step only mitigates on this host: it is not counted as fixing it.
      remediation: [fix('sysctl.overcommit', 'db-1', 'mitigates')],
    });
    await finding('old-1', GLIBC, 'java-a', {
      severity: 'warning',
      evidence: [ev('arenas', '64 MiB arena regions', 120)],
      remediation: [fix('glibc.arena-max', 'old-1', null)],
    });

    const plugins = { fact: 'envoy.wasmPluginCount', suppliedBy: 'a runtimes.d declaration' };
    const online = { fact: 'configuration.cpu.onlineCount', suppliedBy: 'agent access to /sys' };
    await finding('gw-2', ENVOY, 'envoy-x', { outcome: 'not-evaluated', missing: [plugins] });
    await finding('db-1', ENVOY, 'envoy-y', { outcome: 'not-evaluated', missing: [plugins] });
    await finding('gw-1', TCMALLOC, '', { outcome: 'not-evaluated', missing: [online] });
    await finding('gone-1', TCMALLOC, '', { outcome: 'not-evaluated', missing: [online] });
    await finding('gw-1', GLIBC, '', { outcome: 'pass' });

    // db-1's envoy hit is covered by a label silence; an expired one for the same host says something else.
    await ds.query(
      `INSERT INTO silences (rule_id, label_selector, reason, author, expires_at) VALUES ($1, '{"team":"core"}', 'maintenance window', 'alice', '2099-01-01T00:00:00Z'),
                                                                                        ($1, '{"team":"core"}', 'old reason', 'bob', now() - interval '1 day')`,
      [ENVOY],
    );

    // Times to fix of envoy (gw-1): 1 h, 2 h, 3 h (reopened 5 days later), 10 h (reopened 40 days later): median 9,000 s, p90 28,440 s.
    await events('gw-1', ENVOY, [
      ['opened', 10 * DAY],
      ['severity-changed', 10 * DAY - 60],
      ['resolved', 10 * DAY - 3600],
    ]);
    await events('gw-1', ENVOY, [
      ['opened', 9 * DAY],
      ['resolved', 9 * DAY - 7200],
    ]);
    await events('gw-1', ENVOY, [
      ['opened', 8 * DAY],
      ['resolved', 8 * DAY - 10800],
      ['opened', 3 * DAY - 10800],
    ]);
    await events('gw-1', ENVOY, [
      ['opened', 60 * DAY],
      ['resolved', 60 * DAY - 36000],
      ['opened', 20 * DAY - 36000],
    ]);
    // redis (db-1, core): 30 minutes. glibc (old-1): a resolution whose opening was pruned — no time, still a resolved finding.
    await events('db-1', REDIS, [
      ['opened', 5 * DAY],
      ['resolved', 5 * DAY - 1800],
    ]);
    await events('old-1', GLIBC, [['resolved', 2 * DAY]]);

    await audit('fleet', {});
    await audit('edge', { team: 'edge' });
  });
  after(async () => close());

  it('counts the fleet: reporting, stale and retired hosts', () => {
    assert.deepEqual(summaries.fleet.fleet, { total: 5, reporting: 4, stale: 1, retired: 1 });
    assert.deepEqual(summaries.fleet.scope, {});
    assert.equal(summaries.fleet.previousAuditId, null);
    assert.equal(summaries.fleet.changes, null, 'the first audit of its scope has nothing to compare with');
  });

  it('groups not-evaluated hosts by the missing fact and what supplies it', () => {
    assert.deepEqual(summaries.fleet.notEvaluated, [
      { fact: 'envoy.wasmPluginCount', suppliedBy: 'a runtimes.d declaration', ruleIds: [ENVOY], hosts: 2 },
      { fact: 'configuration.cpu.onlineCount', suppliedBy: 'agent access to /sys', ruleIds: [TCMALLOC], hosts: 1 },
    ]);
  });

  it('counts hits by rule × severity with the silenced ones apart, and titles each rule from the catalogue', () => {
    const f = summaries.fleet.findings;
    assert.deepEqual(f.totals, { critical: 2, warning: 3, info: 1, silenced: 1, hosts: 5 });
    assert.deepEqual(
      f.byRule.map(({ title: _t, ...r }) => r),
      [
        { ruleId: ENVOY, critical: 2, warning: 1, info: 0, silenced: 1, hosts: 3 },
        { ruleId: REDIS, critical: 0, warning: 1, info: 1, silenced: 0, hosts: 2 },
        { ruleId: GLIBC, critical: 0, warning: 1, info: 0, silenced: 0, hosts: 1 },
      ],
    );
    assert.equal(f.byRule[0].title, 'Envoy/Higress starts one Wasm VM per worker per plugin');
  });

  it('lists silenced hits with the active silence covering each: reason, author, expiry', () => {
    assert.deepEqual(summaries.fleet.silenced, {
      total: 1,
      items: [
        {
          hostId: ids['db-1'],
          hostname: 'db-1',
          ruleId: ENVOY,
          subject: 'envoy-d',
          severity: 'warning',
          reason: 'maintenance window',
          author: 'alice',
          expiresAt: '2099-01-01T00:00:00.000Z',
        },
      ],
    });
  });

  it('ranks the steps that fix by the distinct hosts each would fix, then the others by effect (silenced hits left out)', async () => {
    const r = summaries.fleet.remediations;
    assert.deepEqual(
      r.map((x) => [x.key, x.effect, x.hosts.total, x.hosts.items.map((h) => h.hostname)]),
      [
        ['envoy.set-concurrency', 'fixes', 3, ['gw-1', 'gw-2', 'gw-3']],
        ['sysctl.overcommit', 'fixes', 1, ['gw-1']],
        ['glibc.arena-max', null, 1, ['old-1']],
        ['redis.disable-bgsave', 'mitigates', 1, ['gw-1']],
        ['sysctl.overcommit', 'mitigates', 1, ['db-1']],
      ],
    );
    assert.deepEqual(r[0].hosts.items[0], { hostId: ids['gw-1'], hostname: 'gw-1', subject: 'envoy-a', text: 'envoy.set-concurrency on gw-1' });
    assert.deepEqual(r[0].ruleIds, [ENVOY]);
    assert.equal(r[0].title, 'envoy.set-concurrency title');
    // Every host per remediation, for the exports, streamed in pages.
    const all: string[] = [];
    for await (const h of repo.hitsByRemediation(audits.fleet, 2)) all.push(`${h.key}:${h.hostname}/${h.subject}:${h.effect}`);
    assert.deepEqual(all, [
      'envoy.set-concurrency:gw-1/envoy-a:fixes',
      'envoy.set-concurrency:gw-2/envoy-b:fixes',
      'envoy.set-concurrency:gw-3/envoy-c:fixes',
      'glibc.arena-max:old-1/java-a:null',
      'redis.disable-bgsave:gw-1/redis-a:mitigates',
      'sysctl.overcommit:db-1/redis-b:mitigates',
      'sysctl.overcommit:gw-1/redis-a:fixes',
    ]);
    // The list is cut at the limit, the total is not.
    const [first] = await repo.remediations(audits.fleet, 1);
    assert.deepEqual([first.total, first.items.map((h) => h.hostname)], [3, ['gw-1']]);
  });

  it('heads each pattern with its numbers in words, hosts worst first (severity, then the ranking evidence)', () => {
    const p = summaries.fleet.patterns;
    assert.deepEqual(
      p.map((x) => [x.ruleId, x.headline, x.hosts.total, x.hosts.items.map((h) => `${h.hostname}:${h.severity}`)]),
      [
        [ENVOY, '3 gateways at risk of Wasm VM explosion; worst: 2,304 VMs on gw-1', 3, ['gw-1:critical', 'gw-3:critical', 'gw-2:warning']],
        [REDIS, '2 Redis hosts where background saves may fail; worst: 2.00 GiB Redis RSS on db-1', 2, ['db-1:warning', 'gw-1:info']],
        [GLIBC, '1 host with glibc malloc arenas multiplying memory; worst: 120 arena regions on old-1', 1, ['old-1:warning']],
      ],
    );
    assert.equal(p[0].hosts.items[0].summary, `${ENVOY} on gw-1/envoy-a`);
  });

  it('takes time to fix (median, p90) and recurrence within 30 days from finding events', () => {
    assert.deepEqual(summaries.fleet.timeToFix, [
      { ruleId: ENVOY, resolved: 4, medianSeconds: 9000, p90Seconds: 28440 },
      { ruleId: GLIBC, resolved: 0, medianSeconds: null, p90Seconds: null },
      { ruleId: REDIS, resolved: 1, medianSeconds: 1800, p90Seconds: 1800 },
    ]);
    assert.deepEqual(summaries.fleet.recurrence, [
      { ruleId: ENVOY, recurred: 1, resolved: 4 },
      { ruleId: GLIBC, recurred: 0, resolved: 1 },
      { ruleId: REDIS, recurred: 0, resolved: 1 },
    ]);
  });

  it('limits every section to the scope team=edge', () => {
    const e = summaries.edge;
    assert.deepEqual(e.scope, { team: 'edge' });
    assert.deepEqual(e.fleet, { total: 4, reporting: 3, stale: 1, retired: 1 });
    assert.deepEqual(
      e.notEvaluated.map((n) => [n.fact, n.hosts]),
      [
        ['configuration.cpu.onlineCount', 1],
        ['envoy.wasmPluginCount', 1],
      ],
    );
    assert.deepEqual(e.findings.totals, { critical: 2, warning: 2, info: 1, silenced: 0, hosts: 4 });
    assert.deepEqual(
      e.findings.byRule.map((r) => [r.ruleId, r.critical, r.warning, r.info, r.silenced, r.hosts]),
      [
        [ENVOY, 2, 1, 0, 0, 3],
        [GLIBC, 0, 1, 0, 0, 1],
        [REDIS, 0, 0, 1, 0, 1],
      ],
    );
    assert.deepEqual(e.silenced, { total: 0, items: [] });
    assert.deepEqual(
      e.remediations.map((r) => [r.key, r.effect, r.hosts.total]),
      [
        ['envoy.set-concurrency', 'fixes', 3],
        ['sysctl.overcommit', 'fixes', 1],
        ['glibc.arena-max', null, 1],
        ['redis.disable-bgsave', 'mitigates', 1],
      ],
    );
    assert.equal(e.patterns[2].headline, '1 Redis host where background saves may fail; worst: 1.00 GiB Redis RSS on gw-1');
    assert.deepEqual(
      e.timeToFix.map((t) => t.ruleId),
      [ENVOY, GLIBC],
    );
    assert.equal(e.previousAuditId, null, 'an audit of another scope is not its previous one');
  });

  it('streams the stored hits in export order, page by page', async () => {
    const hits: AuditHit[] = [];
    for await (const h of repo.hits(audits.fleet, 2)) hits.push(h);
    assert.deepEqual(
      hits.map((h) => `${h.hostname}/${h.ruleId}/${h.subject}`),
      [
        'db-1/envoy-wasm-vm-explosion/envoy-d',
        'db-1/redis-overcommit-bgsave/redis-b',
        'gw-1/envoy-wasm-vm-explosion/envoy-a',
        'gw-1/redis-overcommit-bgsave/redis-a',
        'gw-2/envoy-wasm-vm-explosion/envoy-b',
        'gw-3/envoy-wasm-vm-explosion/envoy-c',
        'old-1/glibc-arena-bloat/java-a',
      ],
    );
    assert.equal(hits[hits.length - 1].remediationEffect, null, 'a step stored without an effect exports none');
    const gw1 = hits[2];
    assert.deepEqual(
      { ...gw1, firstSeenAt: typeof gw1.firstSeenAt },
      {
        hostId: ids['gw-1'],
        hostname: 'gw-1',
        labels: { team: 'edge', role: 'gateway' },
        ruleId: ENVOY,
        severity: 'critical',
        subject: 'envoy-a',
        firstSeenAt: 'string',
        silenced: false,
        summary: `${ENVOY} on gw-1/envoy-a`,
        evidenceSummary: 'Estimated V8 VMs: 2304; Worker threads: 255',
        remediationKey: 'envoy.set-concurrency',
        remediationText: 'envoy.set-concurrency on gw-1',
        remediationEffect: 'fixes',
      },
    );
    assert.match(gw1.firstSeenAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(hits[0].silenced, true);
  });

  it('is not recomputed when its job runs again', async () => {
    const before = await repo.get(audits.fleet);
    assert.equal(await runAudit(repo, audits.fleet), 'already-done');
    assert.deepEqual(await repo.get(audits.fleet), before);
  });

  it('compares with the previous audit of the same scope: hits opened, resolved, escalated; hosts appeared and gone stale', async () => {
    // The first audits ran two hours ago; since then gw-2 turned critical, gw-3 was fixed, new-1 appeared with a hit and gw-1 went quiet.
    await ds.query(`UPDATE audits SET started_at = started_at - interval '2 hours'`);
    await ds.query(`UPDATE findings SET severity = 'critical' WHERE subject = 'envoy-b'`);
    await ds.query(`UPDATE findings SET outcome = 'pass', severity = NULL WHERE subject = 'envoy-c'`);
    await host('new-1', { team: 'core' }, { firstSeen: "interval '10 minutes'" });
    await finding('new-1', REDIS, 'redis-c', { severity: 'warning', remediation: [fix('sysctl.overcommit', 'new-1')] });
    await ds.query(`UPDATE hosts SET last_seen_at = now() - interval '1 hour' WHERE hostname = 'gw-1'`);

    const s = await audit('fleet2', {});
    assert.equal(s.previousAuditId, audits.fleet);
    const ref = (name: string, ruleId: string, subject: string, severity: string, previousSeverity: string | null) => ({
      hostId: ids[name],
      hostname: name,
      ruleId,
      subject,
      severity,
      previousSeverity,
    });
    assert.deepEqual(s.changes, {
      since: new Date(Date.parse(summaries.fleet.generatedAt) - 7200_000).toISOString(),
      opened: { total: 1, items: [ref('new-1', REDIS, 'redis-c', 'warning', null)] },
      resolved: { total: 1, items: [ref('gw-3', ENVOY, 'envoy-c', 'critical', 'critical')] },
      escalated: { total: 1, items: [ref('gw-2', ENVOY, 'envoy-b', 'critical', 'warning')] },
      hostsAppeared: { total: 1, items: [{ hostId: ids['new-1'], hostname: 'new-1' }] },
      hostsStale: { total: 1, items: [{ hostId: ids['gw-1'], hostname: 'gw-1' }] },
    });
    assert.deepEqual(s.fleet, { total: 6, reporting: 4, stale: 2, retired: 1 });

    const e2 = await audit('edge2', { team: 'edge' });
    assert.equal(e2.previousAuditId, audits.edge);
    assert.deepEqual(
      [e2.changes!.opened.total, e2.changes!.resolved.total, e2.changes!.escalated.total, e2.changes!.hostsAppeared.total, e2.changes!.hostsStale.total],
      [0, 1, 1, 0, 1],
    );

    // new-1 retires with its hit unfixed: the next audit does not count that hit as resolved.
    await ds.query(`UPDATE hosts SET retired_at = now() WHERE hostname = 'new-1'`);
    const s3 = await audit('fleet3', {});
    assert.deepEqual([s3.changes!.opened.total, s3.changes!.resolved.total, s3.changes!.escalated.total], [0, 0, 0]);
    await ds.query(`DELETE FROM audits WHERE id = $1`, [audits.fleet3]);
  });

  it('keeps a stored audit unchanged after the hosts, reports and findings it came from are deleted', async () => {
    const stored = await repo.get(audits.fleet);
    const hits: AuditHit[] = [];
    for await (const h of repo.hits(audits.fleet)) hits.push(h);
    await ds.query(`DELETE FROM findings`);
    await ds.query(`DELETE FROM reports`);
    await ds.query(`DELETE FROM hosts`);
    assert.deepEqual(await repo.get(audits.fleet), stored);
    const after: AuditHit[] = [];
    for await (const h of repo.hits(audits.fleet)) after.push(h);
    assert.equal(after.length, 7);
    assert.deepEqual(after, hits);
  });

  it('prunes audits older than the retention with their hits, and keeps newer ones', async () => {
    await ds.query(`UPDATE audits SET created_at = now() - interval '400 days' WHERE id = $1`, [audits.fleet]);
    assert.equal(await repo.pruneOlderThan(365), 1);
    assert.equal(await repo.get(audits.fleet), null);
    const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM audit_hits WHERE audit_id = $1`, [audits.fleet]);
    assert.equal(n, 0);
    assert.equal((await repo.get(audits.fleet2))?.previousAuditId, null, 'the newer audit stays, its link to the pruned one cleared');
    assert.equal(await repo.pruneOlderThan(365), 0);
  });

  it('lists audits newest first in pages, and by schedule', async () => {
    const scheduleId = randomUUID();
    const scheduled = await repo.create({ ...request({}), trigger: 'schedule', scheduleId, requestedBy: 'schedule:daily' });
    const seen: string[] = [];
    let cursor: { v: string; id: string } | null = null;
    for (;;) {
      const page = await repo.list({}, cursor, 2);
      assert.equal(page.total, 4);
      const rows = page.rows.slice(0, 2);
      seen.push(...rows.map((r) => r.id));
      if (page.rows.length <= 2) break;
      const last = rows[rows.length - 1];
      cursor = { v: last.createdAt.toISOString(), id: last.id };
    }
    assert.deepEqual(seen, [scheduled, audits.edge2, audits.fleet2, audits.edge]);
    const mine = await repo.list({ scheduleId }, null, 10);
    assert.deepEqual([mine.total, mine.rows.map((r) => r.id)], [1, [scheduled]]);
    assert.deepEqual(mine.rows[0].progress, { step: 'queued', done: 0, total: 0 });
  });
});
