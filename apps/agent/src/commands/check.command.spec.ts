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
  remediation: [
    { key: 'envoy.set-concurrency', title: 'Set --concurrency', text: 'use --concurrency 16', effect: 'fixes', commands: ['envoy --concurrency 16'] },
  ],
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
  it('evaluates the collected report and prints a header, then evidence and remediation; or JSON, exiting by the worst hit', async () => {
    let seen: Report | undefined;
    const evaluate = (r: Report) => {
      seen = r;
      return [result('critical')];
    };
    const c = capture();
    assert.equal(await checkCommand(base, c.io, { MEMFLEET_STATE_DIR: tmp }, evaluate), 2);
    assert.equal(seen?.configuration.cpu.onlineCount, 255);
    assert.deepEqual(seen?.labels, { team: 'edge' });
    assert.match(c.out, /^host: {11}gw-255\nkernel: {9}\S+/);
    assert.match(c.out, /\nthresholds: {5}defaults, because this host is not enrolled \(neither a server nor an agent token\)\n/);
    assert.match(c.out, /\n\nenvoy:\/usr\/local\/bin\/envoy\n {2}CRITICAL r-critical\n/);
    assert.match(c.out, /\n {4}- V8 VMs: 2,304\n/);
    assert.match(c.out, /\$ envoy --concurrency 16/);
    assert.match(c.out, /\n1 finding\(s\), 0 passed, 0 not evaluated\.\n$/);
    assert.equal(c.err, '', 'text says it all on stdout');
  });

  it('--json prints exactly the flat array of results scripts rely on, no header; the thresholds used go to stderr', async () => {
    const c = capture();
    const results = [result('warning'), { ...result(null, 'not-evaluated'), missing: [{ fact: 'f', suppliedBy: 's' }] }];
    assert.equal(await checkCommand({ ...base, json: true }, c.io, { MEMFLEET_STATE_DIR: tmp }, () => results), 1);
    const json = JSON.parse(c.out) as unknown;
    assert.deepEqual(json, [
      {
        ruleId: 'r-warning',
        ruleVersion: 1,
        subject: 'envoy:/usr/local/bin/envoy',
        severity: 'warning',
        outcome: 'hit',
        summary: 'something fired',
        evidence: [{ key: 'vms', label: 'V8 VMs', value: 2304, unit: 'count' }],
        remediation: [
          { key: 'envoy.set-concurrency', title: 'Set --concurrency', text: 'use --concurrency 16', effect: 'fixes', commands: ['envoy --concurrency 16'] },
        ],
      },
      {
        ruleId: 'r-null',
        ruleVersion: 1,
        subject: 'envoy:/usr/local/bin/envoy',
        severity: null,
        outcome: 'not-evaluated',
        summary: 'something fired',
        evidence: [{ key: 'vms', label: 'V8 VMs', value: 2304, unit: 'count' }],
        remediation: [
          { key: 'envoy.set-concurrency', title: 'Set --concurrency', text: 'use --concurrency 16', effect: 'fixes', commands: ['envoy --concurrency 16'] },
        ],
        missing: [{ fact: 'f', suppliedBy: 's' }],
      },
    ]);
    assert.match(c.err, /^memfleet-agent check: thresholds: defaults, because this host is not enrolled/);
  });

  it('with MEMFLEET_SERVER set but no agent token, says so instead of "no server"', async () => {
    const c = capture();
    await checkCommand(base, c.io, { MEMFLEET_STATE_DIR: tmp, MEMFLEET_SERVER: 'https://memfleet.example' }, () => []);
    assert.match(
      c.out,
      /\nthresholds: {5}defaults, because a server is set \(https:\/\/memfleet\.example, from MEMFLEET_SERVER\) but no agent token \(MEMFLEET_AGENT_TOKEN, or the config file enroll writes\): enroll this host first\n/,
    );
    const t = capture();
    await checkCommand(base, t.io, { MEMFLEET_STATE_DIR: tmp, MEMFLEET_AGENT_TOKEN: 'tok' }, () => []);
    assert.match(t.out, /because an agent token is set but no server \(MEMFLEET_SERVER, or the config file enroll writes\)\n/);
  });

  describe('on an enrolled host', () => {
    let server: http.Server;
    let url: string;
    let answer: { status: number; body: unknown };
    const seenAuth: string[] = [];
    const config = path.join(tmp, 'agent.json');
    const state = path.join(tmp, 'state');
    const env = { MEMFLEET_STATE_DIR: state };
    const cacheFile = path.join(state, 'rules-in-force.json');

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

    it("evaluates with the server's thresholds in force, names the server in the header, and caches them", async () => {
      answer = {
        status: 200,
        body: { catalogueRevision: localCatalogueRevision(), thresholds: { 'envoy-wasm-vm-explosion': { warningVms: 4000, criticalVms: 9000 } } },
      };
      let given: unknown;
      const c = capture();
      const before = Date.now();
      await checkCommand({ ...base, config }, c.io, env, (_r, t) => ((given = t), []));
      assert.deepEqual(given, { 'envoy-wasm-vm-explosion': { warningVms: 4000, criticalVms: 9000 } });
      assert.deepEqual(seenAuth.at(-1), 'GET /api/v1/agents/rules Bearer mfk_test');
      assert.match(c.out, new RegExp(`\\nthresholds: {5}in force on ${url} \\(catalogue ${localCatalogueRevision()}, as this agent's\\)\\n`));
      const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { server: string; fetchedAt: string; thresholds: unknown };
      assert.equal(cached.server, url);
      assert.deepEqual(cached.thresholds, { 'envoy-wasm-vm-explosion': { warningVms: 4000, criticalVms: 9000 } });
      assert.ok(Date.parse(cached.fetchedAt) >= before - 1000 && Date.parse(cached.fetchedAt) <= Date.now(), cached.fetchedAt);
      assert.equal((fs.statSync(cacheFile).mode & 0o777).toString(8), '600');

      const real = capture();
      await checkCommand({ ...base, config, json: true }, real.io, env);
      const envoy = (JSON.parse(real.out) as RuleResult[]).find((r) => r.ruleId === 'envoy-wasm-vm-explosion' && r.outcome !== 'not-applicable')!;
      assert.deepEqual(
        envoy.evidence.filter((e) => e.key === 'warningVms' || e.key === 'criticalVms').map((e) => e.value),
        [4000, 9000],
      );
      assert.match(real.err, new RegExp(`^memfleet-agent check: thresholds: in force on ${url} `));
    });

    it('says when the server runs another catalogue revision', async () => {
      answer = { status: 200, body: { catalogueRevision: 'other-revision', thresholds: {} } };
      const c = capture();
      await checkCommand({ ...base, config }, c.io, env, () => []);
      assert.match(c.out, /\(catalogue other-revision, this agent has [0-9a-f]+: results can differ\)/);
    });

    let given2: unknown = 'unset';
    it('uses the cached copy, saying how old it is and why, when the server refuses, is unreachable, or --offline', async () => {
      const fetchedAt = new Date(Date.now() - 3 * 3600_000).toISOString();
      fs.writeFileSync(cacheFile, JSON.stringify({ server: url, fetchedAt, catalogueRevision: localCatalogueRevision(), thresholds: { r: { t: 7 } } }));
      answer = { status: 401, body: { type: 'x', title: 'Unauthorized', status: 401, detail: 'The token is unknown or revoked.' } };
      const cases: [Partial<typeof base>, NodeJS.ProcessEnv, RegExp][] = [
        [{ config }, {}, /because the server answered 401: Unauthorized: The token is unknown or revoked\.\n/],
        [{ config, offline: true }, {}, /because --offline asks no server\n/],
      ];
      for (const [opts, extraEnv, said] of cases) {
        const asked = seenAuth.length;
        let given: unknown = 'unset';
        const c = capture();
        assert.equal(await checkCommand({ ...base, ...opts }, c.io, { ...env, ...extraEnv }, (_r, t) => ((given = t), [result('warning')])), 1);
        assert.deepEqual(given, { r: { t: 7 } });
        assert.match(c.out, new RegExp(`\\nthresholds: {5}cached copy of ${url}'s, fetched \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(3\\.0 h ago; `));
        assert.match(c.out, said);
        if (opts.offline) assert.equal(seenAuth.length, asked, '--offline asks nothing');
      }
      // another server's cache is not this one's thresholds
      const other = capture();
      await checkCommand({ ...base, config }, other.io, { ...env, MEMFLEET_SERVER: 'http://127.0.0.1:9' }, (_r, t) => ((given2 = t), []));
      assert.equal(given2, undefined);
      assert.match(
        other.out,
        /thresholds: {5}defaults, because the server is unreachable \(.*\); the cached copy .* is of another server \(http:\/\/127\.0\.0\.1:\d+\)\n/,
      );
    });

    it('falls back to the defaults, saying why, without a cached copy, and when the config cannot be read', async () => {
      fs.rmSync(cacheFile, { force: true });
      answer = { status: 401, body: { type: 'x', title: 'Unauthorized', status: 401, detail: 'The token is unknown or revoked.' } };
      const cases: [Partial<typeof base>, NodeJS.ProcessEnv, RegExp][] = [
        [
          { config },
          {},
          /defaults, because the server answered 401: Unauthorized: The token is unknown or revoked\.; no cached copy in \S+rules-in-force\.json\n/,
        ],
        [{ config }, { MEMFLEET_SERVER: 'http://127.0.0.1:9' }, /defaults, because the server is unreachable \(.*\); no cached copy in /],
        [{ config, offline: true }, {}, /defaults, because --offline asks no server; no cached copy in /],
        [{ config: tmp }, {}, /defaults, because cannot read \S+: /],
      ];
      for (const [opts, extraEnv, said] of cases) {
        let given: unknown = 'unset';
        const c = capture();
        assert.equal(await checkCommand({ ...base, ...opts }, c.io, { ...env, ...extraEnv }, (_r, t) => ((given = t), [result('warning')])), 1);
        assert.equal(given, undefined);
        assert.match(c.out, said);
      }
    });

    it('goes on, saying so, when the cache cannot be written', async () => {
      answer = { status: 200, body: { catalogueRevision: localCatalogueRevision(), thresholds: {} } };
      const file = path.join(tmp, 'a-file');
      fs.writeFileSync(file, '');
      const c = capture();
      assert.equal(await checkCommand({ ...base, config }, c.io, { MEMFLEET_STATE_DIR: path.join(file, 'state') }, () => []), 0);
      assert.match(c.out, /\n {16}no cached copy for offline use: cannot write \S+rules-in-force\.json: /);
    });
  });
});
