import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Spool } from '../spool/spool';
import { agentFixturesDir } from '../testing/fixture-paths';
import { COLLECT_DEFAULTS, RUN_DEFAULTS, type RunCommandOptions } from './command-options';
import { runCommand, samplePeriodMs } from './run.command';

const io = () => {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, text: () => ({ out, err }) };
};

/**
 * A stand-in server answering from a script of statuses; records what it received. A 2xx step with `holds`
 * answers that it holds the report's configuration hash; a `problem` step answers with that problem type.
 */
function fakeServer(script: Array<{ status: number; headers?: Record<string, string>; holds?: boolean; problem?: string; supported?: number[] }>) {
  const got: Array<{ sequence: number; key: string; auth: string; encoding: string; whole: boolean; status: number; version: number }> = [];
  let i = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const step = script[Math.min(i++, script.length - 1)];
      const report = JSON.parse(zlib.gunzipSync(Buffer.concat(chunks)).toString('utf8')) as {
        sequence: number;
        configurationHash: string;
        schemaVersion: number;
      };
      got.push({
        sequence: report.sequence,
        key: String(req.headers['idempotency-key']),
        auth: String(req.headers.authorization),
        encoding: String(req.headers['content-encoding']),
        whole: 'configuration' in report,
        status: step.status,
        version: report.schemaVersion,
      });
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(
        step.status < 300
          ? JSON.stringify({
              reportId: `r${got.length}`,
              status: 'evaluated',
              findings: [],
              ...(step.holds ? { configurationHash: report.configurationHash } : {}),
            })
          : JSON.stringify({ type: step.problem ?? 'about:blank', title: 'nope', status: step.status, supportedSchemaVersions: step.supported }),
      );
    });
  });
  return new Promise<{ url: string; got: typeof got; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, got, close: () => server.close() })),
  );
}

describe('run', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-run-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const root = path.join(agentFixturesDir(), 'healthy-kvm-qemu');
  const env = { MEMFLEET_AGENT_TOKEN: 'tok-1', MEMFLEET_CONFIG: path.join(tmp, 'none.json') };
  // what `run --once --server <url> --state-dir <dir> --root <fixture> --no-network-probes` hands the command
  const once = (server: string, stateDir: string): RunCommandOptions => ({
    ...COLLECT_DEFAULTS,
    ...RUN_DEFAULTS,
    once: true,
    server,
    stateDir,
    root,
    networkProbes: false,
  });

  it('posts gzip with a bearer token and an Idempotency-Key; retries a 503 honouring Retry-After; sequence persists', async () => {
    const srv = await fakeServer([{ status: 503, headers: { 'retry-after': '1' } }, { status: 200 }]);
    const state = path.join(tmp, 's1');
    const c = io();
    const started = Date.now();
    assert.equal(await runCommand(once(srv.url, state), c.io, env), 0, c.text().err);
    assert.ok(Date.now() - started >= 1000, 'waited for Retry-After');
    assert.equal(srv.got.length, 2);
    assert.deepEqual([srv.got[1].sequence, srv.got[1].auth, srv.got[1].encoding], [1, 'Bearer tok-1', 'gzip']);
    assert.match(srv.got[1].key, /^[0-9a-f-]{36}$/);
    assert.equal(await runCommand(once(srv.url, state), c.io, env), 0);
    assert.equal(srv.got[2].sequence, 2);
    srv.close();
  });

  it('keeps reports in the spool when the server stays away, then sends them oldest first', async () => {
    const state = path.join(tmp, 's2');
    const c = io();
    const args = once('http://127.0.0.1:9', state);
    const down = { ...env, MEMFLEET_SERVER: '' };
    assert.equal(await runCommand(args, c.io, down), 75);
    assert.equal(await runCommand(args, c.io, down), 75);
    assert.equal(new Spool(state).list().length, 2);
    const srv = await fakeServer([{ status: 200 }]);
    assert.equal(await runCommand(once(srv.url, state), c.io, env), 0);
    assert.deepEqual(
      srv.got.map((g) => g.sequence),
      [1, 2, 3],
    );
    assert.deepEqual(
      srv.got.map((g) => g.whole),
      [true, true, true],
      'a server that never says it holds the hash gets every report whole',
    );
    assert.equal(new Spool(state).list().length, 0);
    srv.close();
  });

  it('drops a report refused as invalid (422) and counts it; stops with 3 on 401', async () => {
    const state = path.join(tmp, 's3');
    const c = io();
    const bad = await fakeServer([{ status: 422 }]);
    assert.equal(await runCommand(once(bad.url, state), c.io, env), 0);
    assert.equal(new Spool(state).counters().rejected, 1);
    assert.equal(new Spool(state).list().length, 0);
    bad.close();
    const denied = await fakeServer([{ status: 401 }]);
    assert.equal(await runCommand(once(denied.url, state), c.io, env), 3);
    assert.match(c.text().err, /refused the agent token/);
    assert.equal(new Spool(state).list().length, 1, 'the report stays for after re-enrolment');
    denied.close();
  });

  it('leaves the configuration out while the server holds its hash (across restarts); answers 409 configuration-required at once with the whole report, same key', async () => {
    const srv = await fakeServer([
      { status: 202, holds: true },
      { status: 202, holds: true },
      { status: 409, problem: 'https://memfleet.dev/problems/configuration-required' },
      { status: 202, holds: true },
      { status: 202, holds: true },
    ]);
    const state = path.join(tmp, 's4');
    const c = io();
    for (let i = 0; i < 4; i++) assert.equal(await runCommand(once(srv.url, state), c.io, env), 0, c.text().err);
    assert.deepEqual(
      srv.got.map((g) => [g.sequence, g.whole, g.status]),
      [
        [1, true, 202],
        [2, false, 202],
        [3, false, 409],
        [3, true, 202],
        [4, false, 202],
      ],
    );
    assert.equal(srv.got[3].key, srv.got[2].key, 'the whole report goes under the same Idempotency-Key');
    assert.deepEqual(new Spool(state).configurations(), [], 'no configuration kept once nothing is spooled');
    srv.close();
    // another server has not been told anything: it gets the whole report
    const other = await fakeServer([{ status: 202, holds: true }]);
    assert.equal(await runCommand(once(other.url, state), c.io, env), 0);
    assert.deepEqual(
      other.got.map((g) => g.whole),
      [true],
    );
    other.close();
  });

  it('sends the same report whole as version 2, same key, to a server that does not know version 3 yet', async () => {
    const srv = await fakeServer([{ status: 400, problem: 'https://memfleet.dev/problems/unsupported-schema-version', supported: [2, 1] }, { status: 202 }]);
    const state = path.join(tmp, 's5');
    const c = io();
    assert.equal(await runCommand(once(srv.url, state), c.io, env), 0, c.text().err);
    assert.deepEqual(
      srv.got.map((g) => [g.version, g.whole, g.status]),
      [
        [3, true, 400],
        [2, true, 202],
      ],
    );
    assert.equal(srv.got[1].key, srv.got[0].key);
    assert.equal(new Spool(state).counters().rejected, 0);
    srv.close();
  });

  it('samples the online CPU set every --sample-interval, but at least once per report', () => {
    assert.equal(samplePeriodMs({ ...RUN_DEFAULTS }), 5000);
    assert.equal(samplePeriodMs({ sampleIntervalSeconds: 1, intervalSeconds: 300 }), 1000);
    assert.equal(samplePeriodMs({ sampleIntervalSeconds: 30, intervalSeconds: 10 }), 10_000);
  });
});
