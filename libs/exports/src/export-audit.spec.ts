import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_FORMATS } from '@memfleet/contracts';
import { exportAudit } from './export-audit';
import { asyncHits, FIXTURE_META, FIXTURE_SUMMARY, readAll } from './testing/audit-fixture';

describe('exportAudit', () => {
  it('answers every format with its content type, a dated file name and a stream', async () => {
    const expected = { json: /^application\/json/, csv: /^text\/csv/, html: /^text\/html/, pdf: /^application\/pdf$/ } as const;
    for (const format of AUDIT_FORMATS) {
      const out = exportAudit(format, FIXTURE_SUMMARY, FIXTURE_META, asyncHits());
      assert.match(out.contentType, expected[format]);
      assert.equal(out.filename, `memfleet-audit-2026-12-01-3f1c2b4a.${format}`);
      assert.ok((await readAll(out.stream)).length > 100, format);
    }
  });

  it('does not read the hits for the printable formats', async () => {
    let read = false;
    async function* watched() {
      read = true;
      yield* asyncHits();
    }
    for (const format of ['html', 'pdf'] as const) await readAll(exportAudit(format, FIXTURE_SUMMARY, FIXTURE_META, watched()).stream);
    assert.equal(read, false);
  });
});
