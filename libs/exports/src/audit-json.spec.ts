import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { AUDIT_DOCUMENT_JSON_SCHEMA } from './audit-document';
import { auditJson } from './audit-json';
import { jsonArrayStream, jsonObjectStream } from './json-stream';
import { asyncHits, FIXTURE_HITS, FIXTURE_META, FIXTURE_SUMMARY, readAll } from './testing/audit-fixture';

const validator = () => addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(AUDIT_DOCUMENT_JSON_SCHEMA);

describe('audit JSON export', () => {
  it('parses, validates against its published schema and carries the meta, the summary, every hit and every host per remediation', async () => {
    const fixes = FIXTURE_HITS.filter((h) => h.remediationKey && !h.silenced).map((h) => ({
      key: h.remediationKey!,
      title: h.remediationKey!,
      text: h.remediationText!,
      effect: h.remediationEffect,
      hostId: h.hostId,
      hostname: h.hostname,
      ruleId: h.ruleId,
      subject: h.subject,
    }));
    async function* remediationHosts() {
      yield* fixes;
    }
    const doc = JSON.parse((await readAll(auditJson(FIXTURE_SUMMARY, FIXTURE_META, asyncHits(), remediationHosts()))).toString('utf8'));
    const validate = validator();
    assert.ok(validate(doc), JSON.stringify(validate.errors));
    assert.ok(fixes.length > 0);
    assert.deepEqual(doc, { ...FIXTURE_META, summary: FIXTURE_SUMMARY, hits: FIXTURE_HITS, remediationHosts: fixes });
  });

  it('the schema refuses a document that lost a field or gained one', () => {
    const validate = validator();
    const doc = { ...FIXTURE_META, summary: FIXTURE_SUMMARY, hits: FIXTURE_HITS, remediationHosts: [] };
    assert.equal(validate({ ...doc, hits: [{ ...FIXTURE_HITS[0], remediationEffect: 'cures' }] }), false, 'an effect outside fixes/mitigates/diagnoses');
    const { remediationEffect: _e, ...noEffect } = FIXTURE_HITS[0];
    assert.equal(validate({ ...doc, hits: [noEffect] }), false, 'every hit says its remediation effect (null when unknown)');
    const { hits: _h, ...noHits } = { ...FIXTURE_META, summary: FIXTURE_SUMMARY, hits: FIXTURE_HITS, remediationHosts: [] };
    assert.equal(validate(noHits), false);
    assert.equal(validate({ ...FIXTURE_META, summary: FIXTURE_SUMMARY, hits: [{ ...FIXTURE_HITS[0], severity: 'huge' }], remediationHosts: [] }), false);
    assert.equal(validate({ ...FIXTURE_META, summary: FIXTURE_SUMMARY, hits: [], remediationHosts: [], extra: 1 }), false);
  });

  it('streams a hundred thousand hits in chunks without building the document', async () => {
    const n = 100_000;
    async function* many() {
      for (let i = 0; i < n; i++) yield { ...FIXTURE_HITS[0], subject: `s-${i}` };
    }
    let chunks = 0;
    let largest = 0;
    let tail = '';
    let bytes = 0;
    for await (const c of auditJson(FIXTURE_SUMMARY, FIXTURE_META, many())) {
      const s = String(c);
      chunks++;
      bytes += s.length;
      largest = Math.max(largest, s.length);
      tail = (tail + s).slice(-1000);
    }
    assert.ok(chunks > 100, `${chunks} chunks`);
    assert.ok(largest < 128 * 1024, `largest chunk ${largest} chars of ${bytes}`);
    assert.match(tail, /"subject":"s-99999"[^\]]*\}\n\],"remediationHosts":\[\]\}\n$/);
  });

  it('writes empty arrays and an empty head as valid JSON', async () => {
    assert.deepEqual(JSON.parse((await readAll(jsonArrayStream(asyncHits([])))).toString()), []);
    assert.deepEqual(JSON.parse((await readAll(jsonObjectStream({}, [['items', asyncHits([])]]))).toString()), { items: [] });
  });
});
