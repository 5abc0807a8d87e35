import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { createDataSource, FindingsRepository, markEmbedded, servesCopyOut, type FindingWrite } from '@memfleet/persistence';
import { enrolledHost, evaluatedReport, findingWrite } from '../../../../libs/persistence/src/testing/repository-fixtures';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import type { FindingsExportQueryDto } from './dto/findings.dto';
import { FindingsService } from './findings.service';

const ev = (label: string, value: number | string | boolean | null, unit: string) => ({ key: label, label, value, unit });
const rem = (key: string, title: string, text: string, effect?: string) => ({ key, title, text, ...(effect ? { effect } : {}) });

/** Findings whose cells exercise every rule of the CSV: formulas, quotes, commas, newlines, unicode, empties, numbers. */
const HOSTILE_FINDINGS: FindingWrite[] = [
  findingWrite('r-hit', 'redis:/usr/bin/redis-server', 'hit', 'critical', {
    summary: '=SUM(A1:A9) "quoted", with comma',
    evidence: [ev('RSS', 0.5, 'bytes'), ev('Huge', 1e21, 'bytes'), ev('Tiny', 1.5e-7, 'ratio'), ev('Delta', -3, 'count'), ev('Name', 'a;b "c"', 'text')],
    remediation: [
      rem('fix.one', 'Set it', 'line one\nline two', 'fixes'),
      rem('fix,two', '+Title', 'with "quotes"\r\nand CRLF'),
      rem('fix.three', 'Watch', 'it', 'mitigates'),
    ],
    missing: [
      { fact: 'cgroup.memory', suppliedBy: 'agent' },
      { fact: '@fact', suppliedBy: 'agent' },
    ],
  } as Partial<FindingWrite>),
  findingWrite('r-hit', '', 'hit', 'warning', {
    summary: '-minus first',
    evidence: [ev('On', true, 'flag'), ev('Off', false, 'flag'), ev('Gone', null, 'bytes'), ev('Big', 2 ** 80, 'count')],
    silenced: true,
  } as Partial<FindingWrite>),
  findingWrite('r-na', '\tsubject', 'not-applicable', null, { summary: '' }),
  findingWrite('r-pass', 'ünïcödé ＝full-width', 'pass', null, {
    summary: '＠at ＋plus －minus, "日本語"',
    evidence: [ev('Ratio', 0.1 + 0.2, 'ratio'), ev('Zero', 0, 'percent'), ev('Small', 0.000001, 'seconds'), ev('Rate', 1048576, 'bytes/s')],
    missing: [{ fact: 'x', suppliedBy: 'y' }],
  } as Partial<FindingWrite>),
  findingWrite('=r-formula', '\rcr', 'hit', 'info', { summary: 'line\nbreak', remediation: [rem('=k', '', '')] } as Partial<FindingWrite>),
];

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks).toString('utf8');
}

describe('findings CSV by COPY on the real PostgreSQL', { timeout: 120_000 }, () => {
  let ds: DataSource;
  let embeddedDs: DataSource;
  let close: () => Promise<void>;
  let copyPath: FindingsService;
  let nodePath: FindingsService;
  const hosts: string[] = [];

  before(async () => {
    let url: string;
    ({
      ds,
      close,
      db: { url },
    } = await migratedDataSource(3));
    // The same database seen as embedded PGlite would be: the service takes the keyset path there.
    embeddedDs = createDataSource({ url, poolSize: 1, embedded: true });
    await embeddedDs.initialize();
    for (const [i, hostname] of ['=HYPERLINK("http://evil.example","x")', '+host,one', 'plain-host'].entries()) {
      const h = await enrolledHost(ds, { hostname, labels: { env: i < 2 ? 'prod' : 'staging' } });
      hosts.push(h.id);
      await evaluatedReport(ds, h.id, 1, HOSTILE_FINDINGS);
      await ds.query(`UPDATE hosts SET hostname = $1 WHERE id = $2`, [hostname, h.id]); // the report named it otherwise
    }
    // Microseconds (toISOString and to_char both truncate them), a resolved finding, an opened one.
    await ds.query(`UPDATE findings SET last_seen_at = '2026-01-02 03:04:05.291999+00', resolved_at = '2026-01-03 00:00:00.999999+00' WHERE outcome = 'pass'`);
    await ds.query(`UPDATE findings SET opened_at = '1999-12-31 23:59:59.001+00' WHERE rule_id = 'r-hit' AND subject = ''`);
    copyPath = new FindingsService(new FindingsRepository(ds), ds);
    nodePath = new FindingsService(new FindingsRepository(embeddedDs), embeddedDs);
  });
  after(async () => {
    await embeddedDs?.destroy();
    await close?.();
  });

  const csv = async (service: FindingsService, query: Partial<FindingsExportQueryDto>) =>
    text((await service.export({ format: 'csv', ...query } as FindingsExportQueryDto)).getStream() as Readable);

  it('takes COPY on PostgreSQL and the keyset path on embedded PGlite', () => {
    assert.equal(servesCopyOut(ds), true);
    assert.equal(servesCopyOut(embeddedDs), false);
    markEmbedded(embeddedDs); // idempotent
    assert.equal(servesCopyOut(embeddedDs), false);
  });

  const filters: Partial<FindingsExportQueryDto>[] = [
    {},
    { outcome: 'hit' },
    { outcome: 'hit', severity: 'critical' },
    { rule: 'r-hit', silenced: true },
    { silenced: false, sort: 'severity' },
    { sort: '-lastSeenAt' },
    { sort: 'lastSeenAt', outcome: 'pass' },
    { sort: '-openedAt' },
    { label: ['env=prod'] },
    { hostId: '00000000-0000-4000-8000-000000000000' },
    { rule: `it's "quoted"; DROP TABLE findings; --` },
  ];
  for (const filter of filters)
    it(`writes the Node path's file byte for byte: ${JSON.stringify(filter)}`, async () => {
      const [copied, formatted] = await Promise.all([csv(copyPath, filter), csv(nodePath, filter)]);
      assert.equal(copied, formatted);
    });

  it('covers what the filters are meant to cover (so the comparisons above compare something)', async () => {
    const all = await csv(copyPath, {});
    assert.ok(all.startsWith('id,hostId,host,ruleId,ruleVersion,subject,outcome,severity,silenced,summary,evidenceSummary,'));
    // The header, a record per finding, the CRLF inside each host's quoted remediation text, the final CRLF.
    assert.equal(all.split('\r\n').length, 1 + HOSTILE_FINDINGS.length * 3 + 3 + 1, 'CRLF ends each record');
    assert.ok(all.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`), 'a formula-like hostname is neutralised and quoted');
    assert.ok(all.includes('RSS: 0.5 bytes; Huge: 1e+21 bytes; Tiny: 1.5e-7; Delta: -3; '), all);
    assert.ok(all.includes(`On: true; Off: false; Gone: unknown; Big: ${String(2 ** 80)}`));
    assert.ok(
      all.includes('"[fixes] Set it: line one\nline two\n+Title: with ""quotes""\r\nand CRLF\n[mitigates] Watch: it"'),
      'LF and CRLF inside a quoted cell are kept; each step says its effect, a step stored without one says none',
    );
    assert.doesNotMatch(all, /undefined|\[null\]/);
    assert.ok(all.includes(',2026-01-02T03:04:05.291Z,2026-01-03T00:00:00.999Z\r\n'));
    assert.ok(all.includes(',true,'));
    const one = await csv(copyPath, { hostId: hosts[2], rule: 'r-na' });
    assert.match(one.split('\r\n')[1], /,plain-host,r-na,1,'\tsubject,not-applicable,,false,,,,,,/, 'empty and null cells unquoted');
    assert.equal((await csv(copyPath, { hostId: '00000000-0000-4000-8000-000000000000' })).split('\r\n').length, 2, 'the header alone');
  });

  it('frees the connection of a download the client abandons', async () => {
    // 20 MB of findings: far more than the socket and stream buffers hold, so each COPY is cut off mid-flight.
    await ds.query(
      `INSERT INTO findings (host_id, rule_id, subject, outcome, rule_version, summary) SELECT $1, 'bulk', 's' || g, 'not-applicable', 1, repeat('x', 1000) FROM generate_series(1, 20000) g`,
      [hosts[0]],
    );
    const pool = (ds.driver as unknown as { master: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    for (let i = 0; i < 10; i++) {
      const stream = (await copyPath.export({ format: 'csv', rule: 'bulk' } as FindingsExportQueryDto)).getStream() as Readable;
      await new Promise((resolve) => stream.once('data', resolve));
      stream.destroy(); // what Nest does when the HTTP client goes away
      await new Promise((resolve) => setImmediate(resolve));
    }
    // With a pool of 3, ten abandoned downloads that held their connection would leave these waiting forever.
    const answers = await Promise.all(Array.from({ length: 4 }, () => csv(copyPath, { outcome: 'hit' })));
    assert.equal(new Set(answers).size, 1);
    assert.equal(pool.waitingCount, 0);
    const copies = async () =>
      (await ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY%' AND state = 'active'`))[0].n;
    for (let i = 0; i < 50 && (await copies()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await copies(), 0, 'no COPY left running on the server');
  });
});
