import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { validateReport, type ProcessConfig, type Report } from '@memfleet/contracts';
import { noProbes } from '../collectors/network-probes';
import type { FixtureHost } from '../testing/fixture-tree';
import { debianRedisHost, debianRedisProcess, twoRedisByHand, writeTempFixture } from '../testing/subject-scenarios';
import { collectReport } from './collect-report';

const UNIT_V2 = '0::/system.slice/redis-server.service';
const INSTANCE_V2 = '0::/system.slice/system-redis\\x2dserver.slice/redis-server@6380.service';

describe('subjects on host trees: one per real instance, the same after a restart', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(path.dirname(d), { recursive: true, force: true })));
  async function collect(host: FixtureHost): Promise<Report> {
    const dir = writeTempFixture('host', host);
    dirs.push(dir);
    const report = await collectReport({ root: dir, probes: noProbes, now: new Date('2026-11-01T00:00:00Z') });
    const v = validateReport(report);
    assert.ok(v.ok, JSON.stringify(v));
    return report;
  }
  const redis = (r: Report) => r.configuration.processes.filter((p) => p.runtimes.some((x) => x.kind === 'redis'));
  const bySubject = (r: Report) => Object.fromEntries(redis(r).map((p) => [p.subject, p] as [string, ProcessConfig]));

  it('Debian layout (redis-server → redis-check-rdb, alias, template): one Redis, named as started, in its unit', async () => {
    const r = await collect(debianRedisHost({ processes: [debianRedisProcess(2207, 6379, UNIT_V2)] }));
    assert.deepEqual(
      redis(r).map((p) => [p.subject, p.state, p.exe, p.systemdUnit]),
      [['redis:/usr/bin/redis-server', 'running', '/usr/bin/redis-server', 'redis-server.service']],
    );
    const [p] = redis(r);
    assert.equal(p.runtimes[0].version, '7.0.15', 'the binary is still read through /proc/<pid>/exe');
    assert.equal(p.rlimitAsBytes, null, 'unlimited as /proc/<pid>/limits says');
    assert.deepEqual(
      r.metrics.processes.map((m) => m.subject).filter((s) => s.startsWith('redis:')),
      ['redis:/usr/bin/redis-server'],
    );
  });

  it('Debian layout where the cgroup names no unit (cgroup v1, no systemd): matched by the unit binary through its symlink', async () => {
    const r = await collect(debianRedisHost({ processes: [debianRedisProcess(2207, 6379, '9:name=systemd:/\n4:memory:/process_api/42\n0::/')] }));
    assert.deepEqual(
      redis(r).map((p) => [p.subject, p.state, p.systemdUnit]),
      [['redis:/usr/bin/redis-server', 'running', null]],
    );
  });

  it('RLIMIT_AS and the unit are absent, not null (unlimited, no service), when limits and cgroup could not be read', async () => {
    const dir = writeTempFixture('host', debianRedisHost({ processes: [debianRedisProcess(2207, 6379, UNIT_V2)] }));
    dirs.push(dir);
    fs.rmSync(path.join(dir, 'proc/2207/limits'));
    fs.rmSync(path.join(dir, 'proc/2207/cgroup'));
    const r = await collectReport({ root: dir, probes: noProbes });
    assert.ok(validateReport(r).ok);
    assert.ok(!('rlimitAsBytes' in redis(r)[0]));
    assert.ok(!('systemdUnit' in redis(r)[0]));
    assert.equal(redis(r).length, 1, 'still matched to its unit by binary and port');
    assert.ok(r.collectionErrors.some((e) => e.source === '/proc/2207/limits' && e.fact === 'process(2207).rlimitAsBytes'));
  });

  it('Debian layout, nothing running: the unit once (not its alias or template), its unit named, RLIMIT_AS absent', async () => {
    const r = await collect(debianRedisHost({ processes: [] }));
    const procs = redis(r);
    assert.deepEqual(
      procs.map((p) => [p.subject, p.state, p.systemdUnit, p.declaredBy]),
      [['redis:/usr/bin/redis-server', 'configured', 'redis-server.service', '/usr/lib/systemd/system/redis-server.service']],
    );
    assert.ok(!('rlimitAsBytes' in procs[0]), 'not known for a unit that sets no LimitAS=');
  });

  it('an enabled instance redis-server@6380 that is not running is a subject of its own, by port', async () => {
    const r = await collect(debianRedisHost({ processes: [debianRedisProcess(2207, 6379, UNIT_V2)], instances: [6380] }));
    const s = bySubject(r);
    assert.deepEqual(Object.keys(s).sort(), ['redis:/usr/bin/redis-server:6379', 'redis:/usr/bin/redis-server:6380']);
    assert.equal(s['redis:/usr/bin/redis-server:6380'].state, 'configured');
    assert.equal(s['redis:/usr/bin/redis-server:6380'].systemdUnit, 'redis-server@6380.service');
    assert.equal(s['redis:/usr/bin/redis-server:6379'].systemdUnit, 'redis-server.service');
  });

  it('two Debian instances keep their subjects when started in the other order', async () => {
    const run = (swapped: boolean) => {
      const [a, b] = swapped ? [3300, 3100] : [3100, 3300];
      return collect(debianRedisHost({ processes: [debianRedisProcess(a, 6379, UNIT_V2, a), debianRedisProcess(b, 6380, INSTANCE_V2, b)], instances: [6380] }));
    };
    for (const r of [await run(false), await run(true)]) {
      const s = bySubject(r);
      assert.deepEqual(Object.keys(s).sort(), ['redis:/usr/bin/redis-server:6379', 'redis:/usr/bin/redis-server:6380']);
      assert.equal(s['redis:/usr/bin/redis-server:6380'].systemdUnit, 'redis-server@6380.service');
      assert.equal(s['redis:/usr/bin/redis-server:6380'].state, 'running');
      assert.equal(s['redis:/usr/bin/redis-server:6380'].cmdline, '/usr/bin/redis-server 127.0.0.1:6380');
    }
  });

  it('two Redis started by hand on 6379 and 6380 keep their subjects when started in the other order', async () => {
    for (const swapped of [false, true]) {
      const r = await collect(twoRedisByHand(swapped));
      const s = bySubject(r);
      assert.deepEqual(Object.keys(s).sort(), ['redis:/usr/local/bin/redis-server:6379', 'redis:/usr/local/bin/redis-server:6380']);
      assert.equal(s['redis:/usr/local/bin/redis-server:6380'].cmdline, 'redis-server *:6380');
      assert.equal(s['redis:/usr/local/bin/redis-server:6380'].systemdUnit, null, 'a login session scope is no unit to restart');
      const metrics = r.metrics.processes.find((m) => m.subject === 'redis:/usr/local/bin/redis-server:6380');
      assert.equal(metrics?.pid, swapped ? 2100 : 2200, 'metrics follow their process');
    }
  });
});
