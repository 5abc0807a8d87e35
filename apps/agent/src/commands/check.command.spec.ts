import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Report, RuleResult } from '@memfleet/contracts';
import { agentFixturesDir } from '../testing/fixture-paths';
import { checkCommand } from './check.command';
import { exitCodeFor } from './findings-format';

const result = (severity: RuleResult['severity'], outcome: RuleResult['outcome'] = 'hit'): RuleResult => ({
  ruleId: `r-${severity}`,
  ruleVersion: 1,
  subject: 'envoy:/usr/local/bin/envoy',
  outcome,
  severity,
  summary: 'something fired',
  evidence: [{ key: 'vms', label: 'V8 VMs', value: 2304, unit: 'count' }],
  remediation: [{ key: 'envoy.set-concurrency', title: 'Set --concurrency', text: 'use --concurrency 16', commands: ['envoy --concurrency 16'] }],
});

describe('check', () => {
  it('exits 0 when nothing fires, 1 on a warning, 2 on a critical', () => {
    assert.equal(exitCodeFor([result('critical', 'pass'), result(null, 'not-evaluated')]), 0);
    assert.equal(exitCodeFor([result('info')]), 0);
    assert.equal(exitCodeFor([result('warning'), result('info')]), 1);
    assert.equal(exitCodeFor([result('warning'), result('critical')]), 2);
  });

  it('evaluates the collected report and prints evidence and remediation, or JSON', async () => {
    let seen: Report | undefined;
    const evaluate = (r: Report) => {
      seen = r;
      return [result('critical')];
    };
    let out = '';
    const io = { out: (t: string) => void (out += t), err: () => undefined };
    const root = path.join(agentFixturesDir(), 'envoy-wasm-explosion');
    assert.equal(await checkCommand(['--root', root, '--no-network-probes'], io, evaluate), 2);
    assert.equal(seen?.configuration.cpu.onlineCount, 255);
    assert.match(out, /CRITICAL r-critical \[envoy:\/usr\/local\/bin\/envoy\]/);
    assert.match(out, /V8 VMs: 2304 count/);
    assert.match(out, /\$ envoy --concurrency 16/);
    out = '';
    assert.equal(await checkCommand(['--root', root, '--json', '--no-network-probes'], io, () => [result('warning')]), 1);
    const json = JSON.parse(out) as Array<Record<string, unknown>>;
    assert.deepEqual(Object.keys(json[0]).sort(), ['evidence', 'outcome', 'remediation', 'ruleId', 'ruleVersion', 'severity', 'subject', 'summary']);
  });
});
