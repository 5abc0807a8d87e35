import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { auditHtml, esc } from './audit-html';
import { AUDIT_SECTION_TITLES } from './audit-report';
import { FIXTURE_META, FIXTURE_SUMMARY, HOSTILE_HOSTNAME } from './testing/audit-fixture';

describe('audit HTML export', () => {
  const html = auditHtml(FIXTURE_SUMMARY, FIXTURE_META);

  it('has every section title and a heading for each failure pattern', () => {
    for (const title of Object.values(AUDIT_SECTION_TITLES)) assert.ok(html.includes(`<h2>${esc(title)}</h2>`), title);
    for (const p of FIXTURE_SUMMARY.patterns) assert.ok(html.includes(esc(p.headline)), p.headline);
    assert.ok(html.includes('<h3>Envoy Wasm VM explosion (envoy-wasm-vm-explosion)</h3>'));
  });

  it('escapes hostnames and summaries sent by agents: no tag of theirs reaches the page', () => {
    assert.ok(!html.includes(HOSTILE_HOSTNAME));
    assert.ok(!html.includes('<script'));
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.evil'));
  });

  it('is self-contained: no script, no external asset, a print stylesheet, the chart as inline SVG', () => {
    assert.doesNotMatch(html, /\b(src|href)=/);
    assert.doesNotMatch(html, /url\(/);
    assert.match(html, /@media print/);
    assert.match(html, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<rect /s);
  });

  it('lists the first hosts of a remediation with the number left out, and says when an audit is the first of its scope', () => {
    assert.ok(html.includes('edge-19'));
    assert.ok(html.includes('and 5 more hosts'));
    assert.ok(!html.includes('First audit of this scope'));
    assert.ok(auditHtml({ ...FIXTURE_SUMMARY, changes: null, previousAuditId: null }, FIXTURE_META).includes('First audit of this scope'));
  });

  it('ranks only the steps that fix as fixes, lists mitigations apart with their effect, and says nothing for a step stored without one', () => {
    const section = html.slice(html.indexOf('<section id="remediations">'), html.indexOf('<section id="patterns">'));
    const apart = section.indexOf('Steps that do not fix the cause on their own');
    assert.ok(apart > 0, section);
    assert.ok(section.indexOf('1. Limit Envoy worker threads [fixes]: 25 hosts') < apart);
    assert.ok(section.indexOf('1. Grow /dev/shm [mitigates]: 1 host') > apart, 'the mitigation is not ranked among the fixes');
    assert.ok(section.includes('Mitigates only: lowers the risk or buys time; the cause stays.'));
    const old = auditHtml({ ...FIXTURE_SUMMARY, remediations: FIXTURE_SUMMARY.remediations.map(({ effect: _e, ...r }) => r) }, FIXTURE_META);
    const oldSection = old.slice(old.indexOf('<section id="remediations">'), old.indexOf('<section id="patterns">'));
    assert.match(oldSection, /No step fixes the cause on its own/);
    assert.ok(oldSection.includes('1. Limit Envoy worker threads: 25 hosts'));
    assert.doesNotMatch(oldSection, /undefined|null/);
  });
});
