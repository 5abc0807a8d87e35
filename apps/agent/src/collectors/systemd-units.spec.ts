import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { DEBIAN_REDIS_TEMPLATE, DEBIAN_REDIS_UNIT, debianRedisHost, writeTempFixture } from '../testing/subject-scenarios';
import { HostFs } from './host-fs';
import { fillSpecifiers, installAliases, readServiceUnits } from './systemd-units';
import { isRunningAs, parseLimitAs, parseUnit, type RunningForUnits } from './systemd-units.collector';

describe('systemd service units: one entry per unit, aliases folded in, templates only through their instances', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const units = (host: ReturnType<typeof debianRedisHost>) => {
    const dir = writeTempFixture('units', host);
    dirs.push(dir);
    return readServiceUnits(new HostFs(dir)).map((u) => ({ name: u.name, names: u.names, path: u.path }));
  };

  it('Debian redis-server: the alias symlink and Alias= are one unit; the template is none', () => {
    assert.deepEqual(units(debianRedisHost({ processes: [] })), [
      { name: 'redis-server.service', names: ['redis-server.service', 'redis.service'], path: '/usr/lib/systemd/system/redis-server.service' },
    ]);
  });

  it('an instance enabled through a *.wants/ symlink to the template is a unit with %i filled in', () => {
    const host = debianRedisHost({ processes: [], instances: [6380] });
    const dir = writeTempFixture('units', host);
    dirs.push(dir);
    const all = readServiceUnits(new HostFs(dir));
    assert.deepEqual(
      all.map((u) => u.name),
      ['redis-server.service', 'redis-server@6380.service'],
    );
    const inst = all[1];
    assert.equal(inst.path, '/usr/lib/systemd/system/redis-server@.service');
    assert.match(inst.text, /^ExecStart=\/usr\/bin\/redis-server \/etc\/redis\/redis-6380\.conf /m);
    assert.match(inst.text, /^Description=Advanced key-value store \(6380\)$/m);
  });

  it('a masked unit (symlink to /dev/null) is no unit; Alias= names count without the symlink', () => {
    const host = debianRedisHost({ processes: [] });
    host.symlinks = { ...host.symlinks, 'etc/systemd/system/redis-server.service': '/dev/null' };
    assert.deepEqual(units(host), []);
    const plain = debianRedisHost({ processes: [] });
    delete plain.symlinks?.['etc/systemd/system/redis.service'];
    assert.deepEqual(units(plain)[0].names, ['redis-server.service', 'redis.service']);
  });

  it("a drop-in's ExecStart overrides the unit's (an instance also reads its template's drop-ins)", () => {
    const host = debianRedisHost({ processes: [], instances: [6380] });
    host.files = {
      ...host.files,
      'etc/systemd/system/redis-server.service.d/override.conf':
        '[Service]\nExecStart=\nExecStart=/opt/redis/bin/redis-server /etc/redis/redis.conf --port 7000\n',
      'etc/systemd/system/redis-server@.service.d/limits.conf': '[Service]\nLimitAS=8G\n',
    };
    const dir = writeTempFixture('units', host);
    dirs.push(dir);
    const [plain, inst] = readServiceUnits(new HostFs(dir));
    assert.deepEqual(parseUnit(plain.name, plain.text)?.argv, ['/opt/redis/bin/redis-server', '/etc/redis/redis.conf', '--port', '7000']);
    assert.equal(parseUnit(inst.name, inst.text)?.rlimitAsBytes, 8 * 1024 ** 3);
    assert.equal(parseUnit(inst.name, inst.text)?.argv[1], '/etc/redis/redis-6380.conf');
  });

  it('reads Alias= only under [Install], fills specifiers, parses LimitAS=', () => {
    assert.deepEqual(installAliases(DEBIAN_REDIS_UNIT), ['redis.service']);
    assert.deepEqual(installAliases('[Service]\nAlias=x.service\n'), []);
    const escaped = fillSpecifiers(DEBIAN_REDIS_TEMPLATE, 'redis-server@a\\x2db.service');
    assert.match(escaped, /redis-a\\x2db\.conf/, '%i as written');
    assert.match(escaped, /\(a-b\)/, '%I unescaped');
    assert.equal(fillSpecifiers('%n %N %p %i %%i', 'foo@bar.service'), 'foo@bar.service foo@bar foo bar %i');
    assert.equal(parseLimitAs('infinity'), null);
    assert.equal(parseLimitAs('4G'), 4 * 1024 ** 3);
    assert.equal(parseLimitAs('1024:infinity'), 1024);
    assert.equal(parseLimitAs('lots'), undefined);
  });
});

describe('a configured unit is the running process when it runs that runtime', () => {
  const packaged = {
    name: 'redis-server.service',
    names: ['redis-server.service', 'redis.service'],
    path: '/lib/systemd/system/redis-server.service',
    text: '',
  };
  const instance = { name: 'redis-server@6380.service', names: ['redis-server@6380.service'], path: '/lib/systemd/system/redis-server@.service', text: '' };
  const known = new Set([...packaged.names, ...instance.names, 'myredis.service']);
  const running = (unit: string | null, port: number | null, over: Partial<RunningForUnits['config']> = {}): RunningForUnits => ({
    config: { systemdUnit: unit, containerId: null, runtimes: [{ kind: 'redis', version: null, versionSource: null }], ...over },
    binary: '/usr/bin/redis-check-rdb',
    naming: { port },
  });
  const is = (unit: typeof packaged, port: number | null, p: RunningForUnits) => isRunningAs(unit, 'redis', '/usr/bin/redis-check-rdb', port, p, known);

  it('by its cgroup: the unit or an alias', () => {
    assert.equal(is(packaged, null, running('redis-server.service', 6379)), true);
    assert.equal(is({ ...packaged, name: 'x.service', names: ['x.service', 'redis-server.service'] }, null, running('redis-server.service', 6379)), true);
  });

  it('by binary and port: one port is one Redis whatever unit runs it; another port is another instance', () => {
    assert.equal(is(packaged, 6379, running('myredis.service', 6379)), true, 'an admin unit runs the packaged config');
    assert.equal(is(instance, 6380, running('redis-server.service', 6379)), false, 'redis-server@6380 is not running');
    assert.equal(is(packaged, 6379, running(null, 6379)), true, 'started outside systemd');
  });

  it('by binary alone when a port is unknown: only a process in none of the host units', () => {
    assert.equal(is(instance, null, running('redis-server.service', 6379)), false);
    assert.equal(is(packaged, null, running(null, 6379)), true);
    assert.equal(is(packaged, null, running('run-u42.service', 6379)), true, 'a transient unit');
  });

  it('never a process in a container, of another kind or from another file', () => {
    assert.equal(is(packaged, 6379, running(null, 6379, { containerId: 'ab'.repeat(32) })), false);
    assert.equal(is(packaged, 6379, running(null, 6379, { runtimes: [] })), false);
    assert.equal(isRunningAs(packaged, 'redis', '/opt/redis/bin/redis-server', 6379, running(null, 6379), known), false);
  });
});
