import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { DEBIAN_REDIS_TEMPLATE, DEBIAN_REDIS_UNIT, debianRedisHost, writeTempFixture } from '../testing/subject-scenarios';
import { HostFs } from './host-fs';
import { fillSpecifiers, installAliases, readServiceUnits } from './systemd-units';
import { parseLimitAs } from './systemd-units.collector';

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
