import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Report, RuleResult } from '@memfleet/contracts';
import { agentFixturesDir } from '../testing/fixture-paths';
import { checkCommand } from './check.command';
import { COLLECT_DEFAULTS } from './command-options';
import { localCatalogueRevision } from './rules-engine';

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

const capture = () => {
  const c = { out: '', err: '', io: { out: (t: string) => void (c.out += t), err: (t: string) => void (c.err += t) } };
  return c;
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-check-'));
const base = {
  ...COLLECT_DEFAULTS,
  root: path.join(agentFixturesDir(), 'envoy-wasm-explosion'),
  networkProbes: false,
  labels: { team: 'edge' },
  json: false,
  offline: false,
  config: path.join(tmp, 'absent.json'),
};

describe('check', () => {
  it('evaluates the collected report and prints evidence and remediation, or JSON, exiting by the worst hit', async () => {
    let seen: Report | undefined;
    const evaluate = (r: Report) => {
      seen = r;
      return [result('critical')];
    };
    const c = capture();
    assert.equal(await checkCommand(base, c.io, {}, evaluate), 2);
    assert.equal(seen?.configuration.cpu.onlineCount, 255);
    assert.deepEqual(seen?.labels, { team: 'edge' });
    assert.match(c.out, /CRITICAL r-critical \[envoy:\/usr\/local\/bin\/envoy\]/);
    assert.match(c.out, /V8 VMs: 2304 count/);
    assert.match(c.out, /\$ envoy --concurrency 16/);
    assert.match(c.err, /not enrolled \(no server and agent token\): evaluating with the default thresholds/);
    c.out = '';
    assert.equal(await checkCommand({ ...base, json: true }, c.io, {}, () => [result('warning')]), 1);
    const json = JSON.parse(c.out) as Array<Record<string, unknown>>;
    assert.deepEqual(Object.keys(json[0]).sort(), ['evidence', 'outcome', 'remediation', 'ruleId', 'ruleVersion', 'severity', 'subject', 'summary']);
  });

  describe('on an enrolled host', () => {
    let server: http.Server;
    let url: string;
    let answer: { status: number; body: unknown };
    const seenAuth: string[] = [];
    const config = path.join(tmp, 'agent.json');

    before(async () => {
      server = http.createServer((req, res) => {
        seenAuth.push(`${req.method} ${req.url} ${req.headers.authorization}`);
        res.writeHead(answer.status, { 'content-type': answer.status === 200 ? 'application/json' : 'application/problem+json' });
        res.end(JSON.stringify(answer.body));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      fs.writeFileSync(config, JSON.stringify({ server: url, agentToken: 'mfk_test', hostId: 'h' }));
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it("evaluates with the server's thresholds in force, and with the real catalogue they reach the evidence", async () => {
      answer = {
        status: 200,
        body: { catalogueRevision: localCatalogueRevision(), thresholds: { 'envoy-wasm-vm-explosion': { warningVms: 4000, criticalVms: 9000 } } },
      };
      let given: unknown;
      const c = capture();
      await checkCommand({ ...base, config }, c.io, {}, (_r, t) => ((given = t), []));
      assert.deepEqual(given, { 'envoy-wasm-vm-explosion': { warningVms: 4000, criticalVms: 9000 } });
      assert.deepEqual(seenAuth.at(-1), 'GET /api/v1/agents/rules Bearer mfk_test');
      assert.match(c.err, new RegExp(`thresholds in force from ${url}`));
      assert.doesNotMatch(c.err, /catalogue revision/);

      const real = capture();
      await checkCommand({ ...base, config, json: true }, real.io, {});
      const envoy = (JSON.parse(real.out) as RuleResult[]).find((r) => r.ruleId === 'envoy-wasm-vm-explosion' && r.outcome !== 'not-applicable')!;
      assert.deepEqual(
        envoy.evidence.filter((e) => e.key === 'warningVms' || e.key === 'criticalVms').map((e) => e.value),
        [4000, 9000],
      );
    });

    it('says when the server runs another catalogue revision', async () => {
      answer = { status: 200, body: { catalogueRevision: 'other-revision', thresholds: {} } };
      const c = capture();
      await checkCommand({ ...base, config }, c.io, {}, () => []);
      assert.match(c.err, /the server runs catalogue revision other-revision, this agent [0-9a-f]+: results can differ/);
    });

    it('falls back to the default thresholds, saying why, when the server refuses the token, is unreachable, or --offline', async () => {
      const cases: [Partial<typeof base>, NodeJS.ProcessEnv, RegExp][] = [
        [{ config }, {}, /the server answered 401: Unauthorized: The token is unknown or revoked\.; evaluating with the default thresholds/],
        [{ config }, { MEMFLEET_SERVER: 'http://127.0.0.1:9' }, /the server is unreachable \(.*\); evaluating with the default thresholds/],
        [{ config, offline: true }, {}, /--offline: evaluating with the default thresholds/],
        [{ config: tmp }, {}, /cannot read .*; evaluating with the default thresholds/],
      ];
      answer = { status: 401, body: { type: 'x', title: 'Unauthorized', status: 401, detail: 'The token is unknown or revoked.' } };
      for (const [opts, env, said] of cases) {
        const asked = seenAuth.length;
        let given: unknown = 'unset';
        const c = capture();
        assert.equal(await checkCommand({ ...base, ...opts }, c.io, env, (_r, t) => ((given = t), [result('warning')])), 1);
        assert.equal(given, undefined);
        assert.match(c.err, said);
        if (opts.offline) assert.equal(seenAuth.length, asked, '--offline asks nothing');
      }
    });
  });
});
