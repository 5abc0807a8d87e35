import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { auditPdf } from './audit-pdf';
import { AUDIT_SECTION_TITLES } from './audit-report';
import { FIXTURE_META, FIXTURE_SUMMARY, readAll } from './testing/audit-fixture';

/** The text of a PDF as poppler's pdftotext reads it (Debian: poppler-utils). */
function pdfText(pdf: Buffer): string {
  const res = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw new Error(`pdftotext: ${res.error.message} (install poppler-utils)`);
  assert.equal(res.status, 0, res.stderr.toString());
  return res.stdout.toString('utf8');
}

describe('audit PDF export', () => {
  it('is a PDF whose text holds every section title, every pattern headline and the hosts', async () => {
    const pdf = await readAll(auditPdf(FIXTURE_SUMMARY, FIXTURE_META));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const title of Object.values(AUDIT_SECTION_TITLES)) assert.ok(text.includes(title), `${title} missing`);
    for (const p of FIXTURE_SUMMARY.patterns) assert.ok(text.includes(p.headline), p.headline);
    assert.ok(text.includes('gw-17'));
    assert.ok(text.includes('and 5 more hosts'));
    assert.ok(text.includes('<script>alert("x")</script>.evil'), 'a PDF prints hostile text as text');
  });

  it('prints the first audit of a scope and empty sections without failing', async () => {
    const empty = {
      ...FIXTURE_SUMMARY,
      changes: null,
      previousAuditId: null,
      notEvaluated: [],
      findings: { totals: { critical: 0, warning: 0, info: 0, silenced: 0, hosts: 0 }, byRule: [] },
      silenced: { total: 0, items: [] },
      remediations: [],
      patterns: [],
      timeToFix: [],
      recurrence: [],
    };
    const text = pdfText(await readAll(auditPdf(empty, { ...FIXTURE_META, scope: {} }))).replace(/\s+/g, ' ');
    assert.ok(text.includes('First audit of this scope'));
    assert.ok(text.includes('Fleet audit: whole fleet'));
  });

  it('writes characters Helvetica cannot print as readable ASCII, never as a bare "?"', async () => {
    const summary = {
      ...FIXTURE_SUMMARY,
      patterns: [{ ...FIXTURE_SUMMARY.patterns[0], headline: 'Spin ≥ 3.4.0 → pool ≈ 2 GiB, RSS ≤ 1 GiB, 9 × 17 VMs, ✓ done, 日 left' }],
    };
    const text = pdfText(await readAll(auditPdf(summary, FIXTURE_META))).replace(/\s+/g, ' ');
    assert.ok(text.includes('Spin >= 3.4.0 -> pool ~ 2 GiB, RSS <= 1 GiB, 9 × 17 VMs, v done, [U+65E5] left'), text);
  });

  it('labels each remediation with its effect and keeps mitigations out of the ranking of fixes', async () => {
    const text = pdfText(await readAll(auditPdf(FIXTURE_SUMMARY, FIXTURE_META))).replace(/\s+/g, ' ');
    const apart = text.indexOf('Steps that do not fix the cause on their own');
    assert.ok(apart > text.indexOf('1. Limit Envoy worker threads [fixes]: 25 hosts'));
    assert.ok(text.indexOf('1. Grow /dev/shm [mitigates]: 1 host') > apart);
  });
});
