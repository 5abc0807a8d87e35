import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { API_MAIN, freePort, startApi, UNLIMITED_RATES, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';
import { until } from '../helpers/until';

const ADMIN = 'operability-admin-token-0123456789';

const connects = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, host);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('operability: the bind address and the start log', { timeout: 120_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('listens on HOST only: 127.0.0.1 answers, another loopback address (reachable through 0.0.0.0) is refused', async () => {
    const port = Number(new URL(api.url).port);
    assert.equal(await connects('127.0.0.1', port), true);
    // Linux routes all of 127.0.0.0/8 to lo: a server bound to 0.0.0.0 would accept this one too.
    assert.equal(await connects('127.0.0.2', port), false);
    assert.match(api.output(), /listening on http:\/\/127\.0\.0\.1:\d+/);
  });

  it('logs JSON lines, each with its own time, when stdout is not a terminal', () => {
    const lines = api
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    assert.ok(lines.length >= 3, api.output());
    for (const line of lines) assert.equal(typeof (JSON.parse(line) as { time?: unknown }).time, 'number', line);
    assert.ok(lines.some((l) => l.includes('listening on')));
  });

  it('logs readable lines with a wall-clock time on a terminal (run under script(1), a real pty)', async (t) => {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...UNLIMITED_RATES,
      DATABASE_URL: db.url,
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    let child;
    try {
      child = spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(API_MAIN)}`, '/dev/null'], {
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch {
      t.skip('script(1) is not available');
      return;
    }
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until('the API to log that it listens', async () => out.includes('listening on'), 60_000);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    // eslint-disable-next-line no-control-regex
    const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
    const line = plain.split(/\r?\n/).find((l) => l.includes('listening on'))!;
    assert.doesNotMatch(line, /^\s*\{/, 'not JSON');
    assert.match(line, /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{4}\] INFO/, line);
  });
});
