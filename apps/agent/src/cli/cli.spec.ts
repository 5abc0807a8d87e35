import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loopbackProbes, noProbes } from '../collectors/network-probes';
import { collectOptionsOf } from '../commands/collect.command';
import type { CollectFlags } from '../commands/command-options';
import { UsageError } from '../commands/usage-error';
import { agentFixturesDir } from '../testing/fixture-paths';
import { runCli, type CommandHandlers } from './cli';

const capture = () => {
  const buf = { out: '', err: '' };
  return { buf, io: { out: (t: string) => void (buf.out += t), err: (t: string) => void (buf.err += t) } };
};

type Name = keyof CommandHandlers;
/** Runs the CLI with handlers that record what they were handed instead of doing the work. */
async function parse(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const c = capture();
  const calls: Array<{ name: Name; opts: unknown; env?: NodeJS.ProcessEnv }> = [];
  const record = (name: Name) => async (opts: unknown, _io: unknown, e?: NodeJS.ProcessEnv) => {
    calls.push({ name, opts, env: e });
    return 0;
  };
  const commands = { collect: record('collect'), check: record('check'), enroll: record('enroll'), run: record('run') } as CommandHandlers;
  const code = await runCli(argv, c.io, { env, commands });
  return { code, ...c.buf, calls, opts: calls[0]?.opts as Record<string, unknown> | undefined };
}

const COMMANDS: Name[] = ['collect', 'check', 'enroll', 'run'];
/** A valid value for every flag the commands show (null: a switch). */
const SAMPLE: Record<string, string | null> = {
  '--root': '/host',
  '--pretty': null,
  '--json': null,
  '--top': '7',
  '--label': 'team=sre',
  '--no-network-probes': null,
  '--network-probes': null,
  '--server': 'https://memfleet.example:3000',
  '--enroll-secret': 'secret-0123456789abcdef',
  '--config': '/tmp/agent.json',
  '--ca-file': '/tmp/ca.pem',
  '--once': null,
  '--interval': '30s',
  '--wait': '3s',
  '--sample-interval': '2s',
  '--state-dir': '/tmp/state',
  '--spool-max': '9',
  '--offline': null,
};
const shownFlags = (help: string) => [...help.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]).filter((f) => f !== '--help');

describe('cli: parsing and dispatch', () => {
  it('--version, -V, --help, -h, help; no command prints the help and exits 64', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await parse([flag]);
      assert.equal(r.code, 0);
      assert.match(r.out, /^memfleet-agent \d+\.\d+\.\d+\n$/);
    }
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await parse(argv);
      assert.equal(r.code, 0, argv.join(' '));
      assert.match(r.out, /^Usage: memfleet-agent /);
      for (const cmd of COMMANDS) assert.match(r.out, new RegExp(`\\n  ${cmd} `), `${argv.join(' ')} lists ${cmd}`);
    }
    const none = await parse([]);
    assert.equal(none.code, 64);
    assert.match(none.out, /^Usage: memfleet-agent /);
  });

  it('--help on every command shows its usage line and options, and runs nothing', async () => {
    for (const cmd of COMMANDS) {
      for (const argv of [
        [cmd, '--help'],
        [cmd, '-h'],
        ['help', cmd],
      ]) {
        const r = await parse(argv);
        assert.equal(r.code, 0, argv.join(' '));
        assert.match(r.out, new RegExp(`^Usage: memfleet-agent ${cmd} `), argv.join(' '));
        assert.ok(shownFlags(r.out).length >= 3, r.out);
        assert.equal(r.calls.length, 0);
      }
    }
    assert.match((await parse(['check', '--help'])).out, /Exit status: 0 nothing fired, 1 a warning fired, 2 a critical fired/);
  });

  it('every flag the help shows is read: giving it changes what the command is handed', async () => {
    for (const cmd of COMMANDS) {
      const baseline = (await parse([cmd])).opts;
      for (const flag of shownFlags((await parse([cmd, '--help'])).out)) {
        assert.ok(flag in SAMPLE, `${cmd} shows ${flag}, which this test has no sample value for`);
        const value = SAMPLE[flag];
        const r = await parse(value === null ? [cmd, flag] : [cmd, flag, value]);
        assert.equal(r.code, 0, `${cmd} ${flag}: ${r.err}`);
        assert.notDeepEqual(r.opts, baseline, `${cmd} ${flag} is accepted but not handed to the command`);
      }
    }
  });

  it('hands collect its defaults, and typed values for --flag value and --flag=value', async () => {
    assert.deepEqual((await parse(['collect'])).calls, [
      { name: 'collect', opts: { root: '/', top: 50, labels: {}, networkProbes: undefined, pretty: false }, env: undefined },
    ]);
    const r = await parse(['collect', '--root=/host', '--top', '0', '--label', 'a=1', '--label=b=x=y', '--label', 'a=2', '--no-network-probes', '--pretty']);
    assert.deepEqual(r.opts, { root: '/host', top: 0, labels: { a: '2', b: 'x=y' }, networkProbes: false, pretty: true });
    assert.deepEqual((await parse(['check', '--json'])).opts, {
      root: '/',
      top: 50,
      labels: {},
      networkProbes: undefined,
      json: true,
      offline: false,
      config: undefined,
      stateDir: undefined,
    });
    const check = await parse(['check', '--offline', '--config', '/c.json', '--state-dir', '/s'], { MEMFLEET_SERVER: 'http://from-env' });
    assert.deepEqual(check.calls, [
      {
        name: 'check',
        opts: { root: '/', top: 50, labels: {}, networkProbes: undefined, json: false, offline: true, config: '/c.json', stateDir: '/s' },
        env: { MEMFLEET_SERVER: 'http://from-env' },
      },
    ]);
  });

  it('check and collect of a tree under --root other than / ask no loopback service of this machine unless told to', async () => {
    const probesOf = async (argv: string[]) => collectOptionsOf((await parse(argv)).opts as unknown as CollectFlags).probes;
    const fixture = path.join(agentFixturesDir(), 'jvm-redis-es');
    for (const cmd of ['check', 'collect']) {
      assert.equal(await probesOf([cmd, '--root', fixture]), noProbes, `${cmd} --root <fixture>`);
      assert.equal(await probesOf([cmd, '--root', fixture, '--network-probes']), loopbackProbes, `${cmd} --root <fixture> --network-probes`);
      assert.equal(await probesOf([cmd]), loopbackProbes, `${cmd} on this machine`);
      assert.equal(await probesOf([cmd, '--root', '/', '--no-network-probes']), noProbes);
    }
    // run's --root /host is the node itself in the DaemonSet (host network): it keeps probing unless told not to.
    assert.equal(await probesOf(['run', '--once', '--root', '/host']), loopbackProbes);
  });

  it('hands run durations in seconds and enroll its flags, with the environment', async () => {
    const run = await parse(['run', '--once', '--interval', '1h', '--wait', '1500ms', '--sample-interval', '30s', '--spool-max', '20', '--state-dir', '/s']);
    assert.deepEqual(run.opts, {
      root: '/',
      top: 50,
      labels: {},
      networkProbes: true,
      server: undefined,
      once: true,
      intervalSeconds: 3600,
      waitSeconds: 2,
      sampleIntervalSeconds: 30,
      config: undefined,
      stateDir: '/s',
      spoolMax: 20,
      caFile: undefined,
    });
    assert.deepEqual((await parse(['run'])).opts, {
      ...(run.opts as object),
      once: false,
      intervalSeconds: 300,
      waitSeconds: 10,
      sampleIntervalSeconds: 5,
      stateDir: undefined,
      spoolMax: 500,
    });
    const env = { MEMFLEET_SERVER: 'http://from-env' };
    const enroll = await parse(
      [
        'enroll',
        '--server',
        'http://127.0.0.1:3000',
        '--enroll-secret',
        's3cret',
        '--label',
        'env=prod',
        '--config',
        '/c.json',
        '--ca-file',
        '/ca.pem',
        '--root',
        '/host',
      ],
      env,
    );
    assert.deepEqual(enroll.calls, [
      {
        name: 'enroll',
        opts: { server: 'http://127.0.0.1:3000', enrollSecret: 's3cret', labels: { env: 'prod' }, config: '/c.json', caFile: '/ca.pem', root: '/host' },
        env,
      },
    ]);
  });

  it('answers an unknown flag, command or argument, and a flag without its value, with 64 naming it', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['collect', '--bogus'], /unknown option '--bogus'/],
      [['collect', '--sample-interval', '5s'], /unknown option '--sample-interval'/],
      [['check', '--once'], /unknown option '--once'/],
      [['nope'], /unknown command 'nope'/],
      [['collect', 'extra'], /too many arguments/],
      [['collect', '--root'], /option '--root <DIR>' argument missing/],
    ];
    for (const [argv, message] of cases) {
      const r = await parse(argv);
      assert.equal(r.code, 64, argv.join(' '));
      assert.match(r.err, message, argv.join(' '));
      assert.match(r.err, /\(see --help\)/);
      assert.equal(r.calls.length, 0, argv.join(' '));
    }
  });

  it('answers a bad value with 64, naming the flag and what it accepts, and runs nothing', async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['collect', '--top', 'ten'], '--top <N>', /not a whole number/],
      [['collect', '--top', '-1'], '--top <N>', /not a whole number/],
      [['check', '--top', '5000'], '--top <N>', /from 0 to 1000/],
      [['collect', '--label', 'novalue'], '--label <k=v>', /must look like key=value/],
      [['enroll', '--label', 'bad key=x'], '--label <k=v>', /label keys are 1-63 of/],
      [['run', '--label', `k=${'v'.repeat(257)}`], '--label <k=v>', /up to 256 characters/],
      [['run', '--interval', '5x'], '--interval <D>', /not a duration/],
      [['run', '--interval', '0'], '--interval <D>', /from 1s to 168h/],
      [['run', '--interval', '30d'], '--interval <D>', /not a duration/],
      [['run', '--wait', '61s'], '--wait <D>', /from 0s to 1m/],
      [['run', '--sample-interval', '0.5s'], '--sample-interval <D>', /from 1s/],
      [['run', '--spool-max', '0'], '--spool-max <N>', /from 1 to/],
      [['run', '--server', 'ftp://x'], '--server <URL>', /http:\/\/ or https:\/\//],
      [['enroll', '--server', 'not a url'], '--server <URL>', /not a URL/],
    ];
    for (const [argv, flag, message] of cases) {
      const r = await parse(argv);
      assert.equal(r.code, 64, argv.join(' '));
      assert.ok(r.err.includes(`option '${flag}' argument '${argv[2]}' is invalid`), `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, message, argv.join(' '));
      assert.equal(r.calls.length, 0);
    }
  });

  it('turns a UsageError from a command into 64 with its message; other errors propagate', async () => {
    const c = capture();
    const fail = (err: Error) => ({ enroll: async () => Promise.reject(err) });
    assert.equal(await runCli(['enroll'], c.io, { commands: fail(new UsageError('--enroll-secret (or MEMFLEET_ENROLL_SECRET) is required')) }), 64);
    assert.equal(c.buf.err, 'memfleet-agent enroll: --enroll-secret (or MEMFLEET_ENROLL_SECRET) is required (see --help)\n');
    await assert.rejects(runCli(['enroll'], c.io, { commands: fail(new Error('disk full')) }), /disk full/);
  });

  it('dispatches to the real commands: enroll names the missing secret, collect prints a report', async () => {
    const enroll = capture();
    assert.equal(await runCli(['enroll', '--server', 'http://127.0.0.1:9'], enroll.io, { env: {} }), 64);
    assert.match(enroll.buf.err, /--enroll-secret/);
    const collect = capture();
    const root = path.join(agentFixturesDir(), 'healthy-kvm-qemu');
    assert.equal(await runCli(['collect', '--root', root, '--no-network-probes', '--label', 'team=sre'], collect.io), 0, collect.buf.err);
    const report = JSON.parse(collect.buf.out) as { schemaVersion: number; labels: Record<string, string> };
    assert.equal(report.schemaVersion, 2);
    assert.deepEqual(report.labels, { team: 'sre' });
  });
});
