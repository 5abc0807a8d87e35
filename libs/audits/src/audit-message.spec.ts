import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRow } from '@memfleet/persistence';
import { FIXTURE_SUMMARY } from '../../exports/src/testing/audit-fixture';
import { auditMessage } from './audit-delivery';

const row = { id: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b' } as AuditRow;

describe('the message a finished audit is announced with', () => {
  it('names as the fix that helps most the widest step that fixes, never a mitigation with more hosts', () => {
    const [fixes, mitigates] = FIXTURE_SUMMARY.remediations;
    const summary = {
      ...FIXTURE_SUMMARY,
      remediations: [
        { ...mitigates, hosts: { ...mitigates.hosts, total: 40 } },
        { ...fixes, hosts: { ...fixes.hosts, total: 25 } },
      ],
    };
    assert.match(auditMessage(row, summary, 'https://memfleet.example').text, /The fix that helps most: Limit Envoy worker threads \(25 hosts\)\./);
  });

  it('announces no fix when no step fixes (a mitigation, or a step stored without its effect)', () => {
    const summary = { ...FIXTURE_SUMMARY, remediations: [{ ...FIXTURE_SUMMARY.remediations[1] }, { ...FIXTURE_SUMMARY.remediations[0], effect: undefined }] };
    assert.doesNotMatch(auditMessage(row, summary, 'https://memfleet.example').text, /fix that helps most/);
  });
});
