import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli';

const capture = () => {
  const buf = { out: '', err: '' };
  return { buf, io: { out: (t: string) => void (buf.out += t), err: (t: string) => void (buf.err += t) } };
};

describe('cli', () => {
  it('--version and --help on every command', async () => {
    const c = capture();
    assert.equal(await runCli(['--version'], c.io), 0);
    assert.match(c.buf.out, /^memfleet-agent \d+\.\d+\.\d+/);
    for (const cmd of ['collect', 'check', 'enroll', 'run']) {
      const h = capture();
      assert.equal(await runCli([cmd, '--help'], h.io), 0);
      assert.match(h.buf.out, new RegExp(`^Usage: memfleet-agent ${cmd}`));
    }
  });

  it('usage errors exit 64 and name the problem', async () => {
    const c = capture();
    assert.equal(await runCli(['collect', '--bogus'], c.io), 64);
    assert.match(c.buf.err, /unknown option --bogus/);
    assert.equal(await runCli(['nope'], c.io), 64);
    assert.equal(await runCli(['enroll', '--server', 'http://x'], c.io), 64);
    assert.match(c.buf.err, /--enroll-secret/);
  });
});
