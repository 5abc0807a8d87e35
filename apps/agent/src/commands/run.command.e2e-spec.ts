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
const ADMIN = 'e2e-admin-token-0123456789abcdef';
const SECRET = 'e2e-enroll-secret-0123456789';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const startApi = (port: number, dataDir: string): Promise<Proc> =>
  startApiNode(API_MAIN, port, {
    MEMFLEET_DATA_DIR: dataDir,
    MEMFLEET_ADMIN_TOKEN: ADMIN,
    MEMFLEET_ENROLL_SECRET: SECRET,
    // the agent reports every second here: out of the per-minute report limit's way
    MEMFLEET_RATE_REPORTS_PER_MINUTE: '1000000',
    MEMFLEET_RATE_API_PER_MINUTE: '1000000',
  });

async function hostDetail(port: number, hostId: string): Promise<{ history: Array<{ sequence: number; receivedAt: string }> }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/hosts/${hostId}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(res.status, 200);
  return (await res.json()) as { history: Array<{ sequence: number; receivedAt: string }> };
}

describe('the agent against the real API', { timeout: 300_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-agent-e2e-'));
  const procs: Proc[] = [];
  after(async () => {
    for (const p of procs) await stop(p);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('spools while the API is down and drains in order when it returns', async () => {
    const port = await freePort();
    const dataDir = path.join(tmp, 'data');
    const config = path.join(tmp, 'agent.json');
    const state = path.join(tmp, 'state');
    const root = path.join(agentFixturesDir(), 'healthy-kvm-qemu');

    let api = await startApi(port, dataDir);
    procs.push(api);
    const enroll = start(
      AGENT_MAIN,
      ['enroll', '--server', `http://127.0.0.1:${port}`, '--enroll-secret', SECRET, '--config', config, '--root', root, '--label', 'team=sre'],
      {},
    );
    assert.equal(await enroll.exited, 0, enroll.output());
    assert.equal(fs.statSync(config).mode & 0o777, 0o600);
    const { hostId } = JSON.parse(fs.readFileSync(config, 'utf8')) as { hostId: string };

    // one report while the API is up
    const first = start(AGENT_MAIN, ['run', '--once', '--config', config, '--state-dir', state, '--root', root, '--no-network-probes', '--wait', '5s'], {});
    assert.equal(await first.exited, 0, first.output());
    assert.match(first.output(), /report 1 \(/);

    await stop(api);
    const agent = start(
      AGENT_MAIN,
      ['run', '--interval', '1s', '--wait', '2s', '--config', config, '--state-dir', state, '--root', root, '--no-network-probes'],
      {},
    );
    procs.push(agent);
    const spoolDir = path.join(state, 'spool');
    const deadline = Date.now() + 30_000;
    while ((fs.existsSync(spoolDir) ? fs.readdirSync(spoolDir).length : 0) < 4 && Date.now() < deadline) await sleep(200);
    const spooled = fs.readdirSync(spoolDir).sort();
    assert.ok(spooled.length >= 4, `reports spooled while down: ${spooled.join(', ')}\n${agent.output()}`);
    assert.match(agent.output(), /report\(s\) spooled, retrying/);

    api = await startApi(port, dataDir);
    procs.push(api);
    const highest = Number(spooled[spooled.length - 1].slice(0, 16));
    let history: Array<{ sequence: number; receivedAt: string }> = [];
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      history = (await hostDetail(port, hostId)).history;
      if (history.some((h) => h.sequence >= highest)) break;
      await sleep(300);
    }
    const seqs = history.map((h) => h.sequence).reverse();
    // every sequence from 1 through the last spooled one arrived, none lost, none twice
    for (let s = 1; s <= highest; s++) assert.ok(seqs.includes(s), `sequence ${s} missing from ${seqs.join(',')}\n${agent.output()}`);
    assert.equal(new Set(seqs).size, seqs.length);
    // and in order: receipt times follow sequence order
    const bySeq = [...history].sort((a, b) => a.sequence - b.sequence).filter((h) => h.sequence <= highest);
    for (let i = 1; i < bySeq.length; i++)
      assert.ok(Date.parse(bySeq[i].receivedAt) >= Date.parse(bySeq[i - 1].receivedAt), `report ${bySeq[i].sequence} arrived before ${bySeq[i - 1].sequence}`);
    assert.equal(await stop(agent), 0);
    // the sequence survives restarts of the agent
    const again = start(AGENT_MAIN, ['run', '--once', '--config', config, '--state-dir', state, '--root', root, '--no-network-probes', '--wait', '5s'], {});
    assert.equal(await again.exited, 0, again.output());
    const last = (await hostDetail(port, hostId)).history[0].sequence;
    assert.ok(last > highest, `sequence after restart ${last} > ${highest}`);
  });

  it('check uses the thresholds in force; an agent that lost its config is told to ask for a re-enroll grant, and with one enrolls again', async () => {
    const port = await freePort();
    const api = await startApi(port, path.join(tmp, 'data-enroll'));
    procs.push(api);
    const server = `http://127.0.0.1:${port}`;
    const root = path.join(agentFixturesDir(), 'envoy-wasm-explosion');
    const config = path.join(tmp, 'enrolled.json');
    const lost = path.join(tmp, 'lost.json');
    const admin = (p: string, method: string, body: unknown) =>
      fetch(`${server}${p}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const agent = async (args: string[], env: Record<string, string> = {}) => {
      const p = start(AGENT_MAIN, args, env);
      return { code: await p.exited, output: p.output() };
    };

    assert.equal((await agent(['enroll', '--server', server, '--enroll-secret', SECRET, '--config', config, '--root', root])).code, 0);
    const { hostId, agentToken } = JSON.parse(fs.readFileSync(config, 'utf8')) as { hostId: string; agentToken: string };

    // The fixture's Envoy runs 2304 V8 VMs: critical under the default thresholds, a pass under the ones an admin set.
    assert.equal((await admin('/api/v1/rules/envoy-wasm-vm-explosion/thresholds', 'PUT', { values: { warningVms: 4000, criticalVms: 9000 } })).status, 200);
    const check = ['check', '--root', root, '--no-network-probes', '--json', '--config', config];
    const online = await agent(check, { MEMFLEET_STATE_DIR: path.join(tmp, 'check-state') });
    assert.equal(online.code, 0, online.output);
    assert.match(online.output, new RegExp(`thresholds: in force on ${server} `));
    // a state directory without a cached copy of the thresholds: offline, the defaults
    const offline = await agent([...check, '--offline'], { MEMFLEET_STATE_DIR: path.join(tmp, 'no-check-state') });
    assert.equal(offline.code, 2, offline.output);
    assert.match(offline.output, /thresholds: defaults, because --offline asks no server; no cached copy in /);

    // The config is gone (a wiped disk): enrolling again is refused, and the output says what to do.
    const refused = await agent(['enroll', '--server', server, '--enroll-secret', SECRET, '--config', lost, '--root', root]);
    assert.equal(refused.code, 1, refused.output);
    assert.match(refused.output, new RegExp(`already enrolled as host ${hostId}; the server changed nothing`));
    assert.match(refused.output, new RegExp(`${server}/api/v1/hosts/${hostId}/re-enroll-grant`));
    assert.equal(fs.existsSync(lost), false);

    assert.equal((await admin(`/api/v1/hosts/${hostId}/re-enroll-grant`, 'POST', {})).status, 201);
    const again = await agent(['enroll', '--server', server, '--enroll-secret', SECRET, '--config', lost, '--root', root]);
    assert.equal(again.code, 0, again.output);
    const renewed = JSON.parse(fs.readFileSync(lost, 'utf8')) as { hostId: string; agentToken: string };
    assert.equal(renewed.hostId, hostId);
    assert.notEqual(renewed.agentToken, agentToken);

    const run = ['run', '--once', '--root', root, '--no-network-probes', '--wait', '0s'];
    const old = await agent([...run, '--config', config, '--state-dir', path.join(tmp, 'state-old')]);
    assert.equal(old.code, 3, old.output);
    assert.match(old.output, new RegExp(`refused the agent token .*/api/v1/hosts/${hostId}/re-enroll-grant`));
    const current = await agent([...run, '--config', lost, '--state-dir', path.join(tmp, 'state-new')]);
    assert.equal(current.code, 0, current.output);
  });
});
