import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Report, RuleResult } from '@memfleet/contracts';
import { agentFixturesDir } from '../testing/fixture-paths';
import { checkCommand } from './check.command';
import { COLLECT_DEFAULTS } from './command-options';

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
  it('evaluates the collected report and prints evidence and remediation, or JSON, exiting by the worst hit', async () => {
    let seen: Report | undefined;
    const evaluate = (r: Report) => {
      seen = r;
      return [result('critical')];
    };
    let out = '';
    const io = { out: (t: string) => void (out += t), err: () => undefined };
    const opts = {
      ...COLLECT_DEFAULTS,
      root: path.join(agentFixturesDir(), 'envoy-wasm-explosion'),
      networkProbes: false,
      labels: { team: 'edge' },
      json: false,
    };
    assert.equal(await checkCommand(opts, io, evaluate), 2);
    assert.equal(seen?.configuration.cpu.onlineCount, 255);
    assert.deepEqual(seen?.labels, { team: 'edge' });
    assert.match(out, /CRITICAL r-critical \[envoy:\/usr\/local\/bin\/envoy\]/);
    assert.match(out, /V8 VMs: 2304 count/);
    assert.match(out, /\$ envoy --concurrency 16/);
    out = '';
    assert.equal(await checkCommand({ ...opts, json: true }, io, () => [result('warning')]), 1);
    const json = JSON.parse(out) as Array<Record<string, unknown>>;
    assert.deepEqual(Object.keys(json[0]).sort(), ['evidence', 'outcome', 'remediation', 'ruleId', 'ruleVersion', 'severity', 'subject', 'summary']);
  });
});
