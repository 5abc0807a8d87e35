import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleReport } from '@memfleet/contracts';
import { agentFixturesDir, repoRoot } from '../testing/fixture-paths';
import { freePort, startApiNode, startNode as start, stopNode as stop, type NodeProcess as Proc } from '../testing/node-process';
import { recordingProxy, type Recorded } from '../testing/recording-proxy';

const ROOT = repoRoot();
const API_MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');
const AGENT_MAIN = path.join(ROOT, 'dist/apps/agent/src/main.js');
const ADMIN = 'e2e-admin-token-0123456789abcdef';
const SECRET = 'e2e-enroll-secret-0123456789';

const startApi = (port: number, dataDir: string): Promise<Proc> =>
  startApiNode(API_MAIN, port, {
    MEMFLEET_DATA_DIR: dataDir,
    MEMFLEET_ADMIN_TOKEN: ADMIN,
    MEMFLEET_ENROLL_SECRET: SECRET,
    MEMFLEET_RATE_REPORTS_PER_MINUTE: '1000000',
    MEMFLEET_RATE_API_PER_MINUTE: '1000000',
  });

describe('delta reports: the real agent against the real API', { timeout: 300_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-delta-e2e-'));
  const procs: Proc[] = [];
  after(async () => {
    for (const p of procs) await stop(p);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('sends the configuration once, then metrics only; a server restored without the hash answers 409 and gets the whole report under the same key', async () => {
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const dataDir = path.join(tmp, 'data');
    const backup = path.join(tmp, 'backup');
    const config = path.join(tmp, 'agent.json');
    const state = path.join(tmp, 'state');
    const root = path.join(agentFixturesDir(), 'healthy-kvm-qemu');
    let server = await startApi(port, dataDir);
    procs.push(server);
    const enroll = start(AGENT_MAIN, ['enroll', '--server', api, '--enroll-secret', SECRET, '--config', config, '--root', root], {});
    assert.equal(await enroll.exited, 0, enroll.output());
    const { hostId } = JSON.parse(fs.readFileSync(config, 'utf8')) as { hostId: string };
    // a backup of the server holding the host but none of its configurations
    await stop(server);
    fs.cpSync(dataDir, backup, { recursive: true });
    server = await startApi(port, dataDir);
    procs.push(server);

    // the agent talks to the API through a proxy that records what it sends
    const proxy = await recordingProxy(api);
    after(() => proxy.close());
    const reports = () => proxy.log.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v1/reports'));
    const run = async () => {
      const p = start(
        AGENT_MAIN,
        ['run', '--once', '--server', proxy.url, '--config', config, '--state-dir', state, '--root', root, '--no-network-probes', '--wait', '5s'],
        {},
      );
      assert.equal(await p.exited, 0, p.output());
      return p.output();
    };
    const history = async () => {
      const res = await fetch(`${api}/api/v1/hosts/${hostId}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      assert.equal(res.status, 200);
      return ((await res.json()) as { history: Array<{ sequence: number; configHash: string }> }).history;
    };

    for (let i = 0; i < 3; i++) assert.match(await run(), new RegExp(`report ${i + 1} \\(`));
    const [first, ...rest] = reports();
    assert.equal(rest.length, 2);
    const hash = first.body?.configurationHash as string;
    assert.match(hash, /^[0-9a-f]{64}$/);
    const ok = (r: Recorded) => r.status === 200 || r.status === 202;
    assert.deepEqual([first.body?.schemaVersion, 'configuration' in first.body!, ok(first)], [3, true, true]);
    assert.equal(JSON.parse(first.answer).configurationHash, hash);
    for (const r of rest) {
      assert.deepEqual([r.body?.schemaVersion, 'configuration' in r.body!, r.body?.configurationHash, ok(r)], [3, false, hash, true], r.answer);
      // the bytes the server received: the metrics-only body is the whole one less its configuration
      const { configuration } = first.body as { configuration: unknown };
      assert.ok(r.bodyBytes < first.bodyBytes - JSON.stringify(configuration).length + 200, `${r.bodyBytes} vs ${first.bodyBytes}`);
      assert.ok(r.wireBytes < first.wireBytes, `${r.wireBytes} vs ${first.wireBytes} gzip bytes`);
    }
    assert.deepEqual(
      (await history()).map((h) => [h.sequence, h.configHash]),
      [
        [3, hash],
        [2, hash],
        [1, hash],
      ],
    );

    // a version 2 agent beside it: its whole report, posted as it always was
    const v2 = sampleReport({ machineId: 'f'.repeat(32) });
    const enrolled = await fetch(`${api}/api/v1/agents/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enrollSecret: SECRET, machineId: v2.identity.machineId, hostname: v2.configuration.host.hostname, labels: {} }),
    });
    const { agentToken } = (await enrolled.json()) as { agentToken: string };
    const posted = await fetch(`${api}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agentToken}` },
      body: JSON.stringify(v2),
    });
    assert.equal(posted.status, 202);
    assert.equal(
      ((await posted.json()) as { configurationHash: string }).configurationHash,
      createHash('sha256').update(JSON.stringify(v2.configuration)).digest('hex'),
    );
    assert.match(await run(), /report 4 \(/);
    assert.equal('configuration' in reports()[3].body!, false);

    // the server is restored from the backup: it no longer holds the hash
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.cpSync(backup, dataDir, { recursive: true });
    server = await startApi(port, dataDir);
    procs.push(server);
    assert.match(await run(), /report 5 \(/);
    const [refused, resent, ...none] = reports().slice(4);
    assert.equal(none.length, 0);
    assert.deepEqual([refused.status, 'configuration' in refused.body!], [409, false]);
    assert.match(JSON.parse(refused.answer).type, /\/configuration-required$/);
    assert.deepEqual([ok(resent), 'configuration' in resent.body!, resent.body?.sequence], [true, true, 5]);
    assert.equal(resent.idempotencyKey, refused.idempotencyKey);
    assert.match(String(resent.idempotencyKey), /^[0-9a-f-]{36}$/);
    assert.match(await run(), /report 6 \(/);
    const last: Recorded = reports()[6];
    assert.deepEqual([ok(last), 'configuration' in last.body!], [true, false]);
    assert.deepEqual(
      (await history()).map((h) => [h.sequence, h.configHash]),
      [
        [6, hash],
        [5, hash],
      ],
    );
    // nothing left in the spool, nor any configuration kept for it
    assert.deepEqual(fs.readdirSync(path.join(state, 'spool')), []);
    assert.deepEqual(fs.readdirSync(path.join(state, 'spool-configs')), []);
  });
});
