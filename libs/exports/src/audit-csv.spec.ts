import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { auditCsv } from './audit-csv';
import { csvStream } from './csv-stream';
import { asyncHits, FIXTURE_HITS, HOSTILE_HOSTNAME, parseCsv, readAll } from './testing/audit-fixture';

const HEADER = [
  'host',
  'labels',
  'ruleId',
  'severity',
  'subject',
  'firstSeen',
  'silenced',
  'evidenceSummary',
  'remediationKey',
  'remediationText',
  'remediationEffect',
];

describe('audit CSV export', () => {
  it('has the header and one row of eleven columns per hit, silenced ones included and flagged', async () => {
    const rows = parseCsv((await readAll(auditCsv(asyncHits()))).toString('utf8'));
    assert.deepEqual(rows[0], HEADER);
    assert.equal(rows.length, 1 + FIXTURE_HITS.length);
    for (const r of rows) assert.equal(r.length, HEADER.length, JSON.stringify(r));
    assert.deepEqual(
      rows.slice(1).map((r) => r[6]),
      ['false', 'false', 'true'],
    );
    assert.deepEqual(rows[1].slice(0, 4), ['gw-17', 'env=prod;team=edge', 'envoy-wasm-vm-explosion', 'critical']);
    assert.equal(rows[1][5], '2026-11-28T10:00:00.000Z');
    assert.equal(rows[3][8], '', 'a hit without remediation has empty cells');
    assert.equal(rows[1][10], 'fixes', 'the remediation says its effect');
    assert.equal(rows[3][10], '');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says, and ends every record with CRLF', async () => {
    const text = (await readAll(auditCsv(asyncHits()))).toString('utf8');
    assert.ok(text.includes('"Set --concurrency 8, ""not 96"", on gw-17.\nThen restart."'), text);
    assert.ok(text.endsWith('\r\n'));
    assert.equal(parseCsv(text)[1][9], FIXTURE_HITS[0].remediationText);
    assert.equal(parseCsv(text)[2][0], HOSTILE_HOSTNAME, 'angle brackets are data in CSV, kept as sent');
  });

  it('neutralises cells a spreadsheet would run as a formula (= + - @ tab CR) with a leading quote', async () => {
    const rows = parseCsv((await readAll(auditCsv(asyncHits()))).toString('utf8'));
    assert.equal(rows[2][4], `'${FIXTURE_HITS[1].subject}`);
    assert.equal(rows[2][7], "'+1 cmd");
    assert.equal(rows[2][9], "'-2 workers");
    assert.equal(rows[3][0], "'@gw-03");
    assert.equal(rows[3][4], "'\tdev-shm");
    assert.equal(rows[3][7], "'\rusable: 12 bytes");
    for (const r of rows) for (const cell of r) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, cell);
  });

  it('keeps negative numbers numbers, and fails the stream when its source fails', async () => {
    async function* rows() {
      yield { n: -3 };
      throw new Error('query failed');
    }
    const out = csvStream([{ header: 'n', value: (r: { n: number }) => r.n }], rows());
    await assert.rejects(readAll(out), /query failed/);
    async function* one() {
      yield { n: -3 };
    }
    assert.equal((await readAll(csvStream([{ header: 'n', value: (r: { n: number }) => r.n }], one()))).toString(), 'n\r\n-3\r\n');
  });
});
