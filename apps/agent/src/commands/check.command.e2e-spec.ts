import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentFixturesDir, repoRoot } from '../testing/fixture-paths';
import { freePort, startApiNode, startNode as start, stopNode as stop, type NodeProcess as Proc } from '../testing/node-process';

const ROOT = repoRoot();
const API_MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');
const AGENT_MAIN = path.join(ROOT, 'dist/apps/agent/src/main.js');
const ADMIN = 'check-e2e-admin-token-0123456789';
const SECRET = 'check-e2e-enroll-secret-0123456789';
const RULE = 'envoy-wasm-vm-explosion';

/** The real API on embedded storage in `dataDir`, ready. */
const startApi = (port: number, dataDir: string): Promise<Proc> =>
  startApiNode(API_MAIN, port, { MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });

describe('check against the real API: its thresholds in force, then their cached copy', { timeout: 300_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-check-e2e-'));
  const procs: Proc[] = [];
  after(async () => {
    for (const p of procs) await stop(p);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  // The 255-CPU gateway's Envoy runs 2,304 Wasm VMs: critical by the default line (1,024), a warning under 5,000.
  const root = path.join(agentFixturesDir(), 'envoy-wasm-explosion');
  const config = path.join(tmp, 'agent.json');
  const check = async (args: string[], state: string) => {
    const p = start(AGENT_MAIN, ['check', '--root', root, '--no-network-probes', '--config', config, ...args], { MEMFLEET_STATE_DIR: state });
    return { code: await p.exited, out: p.stdout(), all: p.output() };
  };

  it('evaluates with a threshold the admin changed, names the server, and with the server stopped uses the cached copy', async () => {
    const port = await freePort();
    const server = `http://127.0.0.1:${port}`;
    const api = await startApi(port, path.join(tmp, 'data'));
    procs.push(api);
    const enroll = start(AGENT_MAIN, ['enroll', '--server', server, '--enroll-secret', SECRET, '--config', config, '--root', root], {});
    assert.equal(await enroll.exited, 0, enroll.output());
    const saved = await fetch(`${server}/api/v1/rules/${RULE}/thresholds`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ values: { warningVms: 2000, criticalVms: 5000 } }),
    });
    assert.equal(saved.status, 200, await saved.text());

    const state = path.join(tmp, 'state');
    const online = await check([], state);
    assert.equal(online.code, 1, `a warning, not a critical, under the server's line:\n${online.all}`);
    assert.match(online.out, new RegExp(`\\nthresholds: {5}in force on ${server} \\(catalogue [0-9a-f]+, as this agent's\\)\\n`));
    assert.match(online.out, /\n {2}WARNING envoy-wasm-vm-explosion\n/);
    assert.match(online.out, /\n {4}- [^\n]*: 5,000\n/, 'the critical line in force is in the evidence');
    const cached = JSON.parse(fs.readFileSync(path.join(state, 'rules-in-force.json'), 'utf8')) as { server: string; thresholds: Record<string, unknown> };
    assert.equal(cached.server, server);
    assert.deepEqual(cached.thresholds[RULE], { warningVms: 2000, criticalVms: 5000 });

    await stop(api);
    const down = await check([], state);
    assert.equal(down.code, 1, `the cached thresholds still apply:\n${down.all}`);
    assert.match(
      down.out,
      new RegExp(`\\nthresholds: {5}cached copy of ${server}'s, fetched [^\\n]+ \\(\\d+ s ago; [^\\n]+\\), because the server is unreachable`),
    );
    assert.match(down.out, /\n {2}WARNING envoy-wasm-vm-explosion\n/);

    const offline = await check(['--offline'], state);
    assert.equal(offline.code, 1, offline.all);
    assert.match(offline.out, /because --offline asks no server\n/);

    const fresh = await check(['--offline'], path.join(tmp, 'no-cache'));
    assert.equal(fresh.code, 2, `offline without a cache: the defaults, and the Envoy is critical again:\n${fresh.all}`);
    assert.match(fresh.out, /\nthresholds: {5}defaults, because --offline asks no server; no cached copy in \S+\n/);
    assert.match(fresh.out, /\n {2}CRITICAL envoy-wasm-vm-explosion\n/);
  });
});
