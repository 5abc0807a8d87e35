import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { systemdUnitOf } from './cgroup.collector';

describe('the systemd unit a process runs in, from /proc/<pid>/cgroup', () => {
  it('names a system service on cgroup v2 and on the v1 name=systemd hierarchy', () => {
    assert.equal(systemdUnitOf('0::/system.slice/redis-server.service\n'), 'redis-server.service');
    assert.equal(systemdUnitOf('0::/system.slice/system-redis\\x2dserver.slice/redis-server@6380.service\n'), 'redis-server@6380.service');
    assert.equal(systemdUnitOf('12:memory:/system.slice/x.service\n1:name=systemd:/system.slice/redis-server.service\n'), 'redis-server.service');
    // a service that delegates sub-cgroups is still the unit
    assert.equal(systemdUnitOf('0::/system.slice/containerd.service/payload\n'), 'containerd.service');
  });

  it('is null for what systemctl restart cannot act on: scopes, user units, no systemd, unread', () => {
    assert.equal(systemdUnitOf('0::/user.slice/user-1000.slice/session-3.scope\n'), null);
    assert.equal(systemdUnitOf('0::/system.slice/docker-0123456789abcdef.scope\n'), null);
    assert.equal(systemdUnitOf('0::/init.scope\n'), null);
    assert.equal(systemdUnitOf('0::/user.slice/user-1000.slice/user@1000.service/app.slice/redis.service\n'), null);
    assert.equal(systemdUnitOf('9:name=systemd:/\n4:memory:/process_api/4234\n0::/\n'), null);
    assert.equal(systemdUnitOf('0::/kubepods/pod1/jvm\n'), null);
    assert.equal(systemdUnitOf(null), null);
  });
});
