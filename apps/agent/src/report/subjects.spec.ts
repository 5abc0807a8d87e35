import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jvmMainArg, redisConfigArg, type CollectedEntry, type SubjectParts } from '../collectors/subject-parts';
import { nameSubjects } from './subjects';

const entry = (parts: Partial<SubjectParts> & { base: string }): CollectedEntry => ({
  config: { subject: parts.base, state: 'running', runtimes: [] },
  metrics: { subject: parts.base },
  naming: { port: null, arg: null, unit: null, stableKey: '', startTime: null, pid: null, ...parts },
});

/** Subjects after naming, in the order given; and the same entries named in reverse order must get the same names. */
function names(...parts: Array<Partial<SubjectParts> & { base: string }>): string[] {
  const forward = parts.map(entry);
  nameSubjects(forward);
  const backward = parts.map(entry).reverse();
  nameSubjects(backward);
  const result = forward.map((e) => e.config.subject);
  assert.deepEqual(backward.map((e) => e.config.subject).reverse(), result, 'names do not depend on the order processes were found');
  forward.forEach((e) => assert.equal(e.metrics.subject, e.config.subject));
  return result;
}

describe('subjects: one name per instance, by what tells instances apart', () => {
  it('a lone instance keeps its base name', () => {
    assert.deepEqual(names({ base: 'redis:/usr/bin/redis-server', port: 6379, unit: 'redis-server.service' }), ['redis:/usr/bin/redis-server']);
  });

  it('instances sharing a name get the first qualifier that tells them all apart: port, then config or main class, then unit', () => {
    const r = 'redis:/usr/bin/redis-server';
    assert.deepEqual(names({ base: r, port: 6380, unit: 'b.service', pid: 1 }, { base: r, port: 6379, unit: 'a.service', pid: 2 }), [`${r}:6380`, `${r}:6379`]);
    // same port (one unreadable config): the unit decides alone
    assert.deepEqual(names({ base: r, port: 6379, unit: 'redis-server.service' }, { base: r, port: null, unit: 'redis-server@b.service' }), [
      `${r}@redis-server.service`,
      `${r}@redis-server@b.service`,
    ]);
    const j = 'jvm:/usr/bin/java';
    assert.deepEqual(names({ base: j, arg: 'com.acme.Orders', unit: 'orders.service' }, { base: j, arg: '/srv/billing.jar', unit: 'billing.service' }), [
      `${j}#com.acme.Orders`,
      `${j}#/srv/billing.jar`,
    ]);
  });

  it('a qualifier that splits only some is kept and the rest are told apart by the next', () => {
    const r = 'redis:/usr/bin/redis-server';
    assert.deepEqual(
      names(
        { base: r, port: 6379, unit: 'a.service', pid: 9 },
        { base: r, port: 6379, unit: 'b.service', pid: 3 },
        { base: r, port: 6380, unit: 'a.service', pid: 5 },
      ),
      [`${r}:6379@a.service`, `${r}:6379@b.service`, `${r}:6380`],
    );
  });

  it('look-alikes get ordinals ordered by what they run and when they started, not by pid', () => {
    const p = 'process:/usr/lib/postgresql/15/bin/postgres';
    assert.deepEqual(
      names(
        { base: p, stableKey: 'postgres: 15/main: walwriter', startTime: 10, pid: 100 },
        { base: p, stableKey: 'postgres: 15/main: checkpointer', startTime: 10, pid: 200 },
        { base: p, stableKey: 'postgres -D /var/lib/postgresql/15/main', startTime: 9, pid: 300 },
      ),
      [`${p}~3`, `${p}~2`, p],
    );
    // identical workers: the one started first keeps the plain name whatever its pid
    assert.deepEqual(names({ base: 'process:/w', startTime: 20, pid: 1 }, { base: 'process:/w', startTime: 10, pid: 2 }), ['process:/w~2', 'process:/w']);
  });

  it('an Aeron dir view named after the subject follows the new name', () => {
    const a = entry({ base: 'aeron:/usr/bin/java', arg: 'io.aeron.driver.MediaDriver' });
    a.metrics.aeronDir = {
      resolvedPath: '/dev/shm/aeron-root',
      exists: true,
      readable: true,
      logBufferCount: 0,
      logBufferBytes: 0,
      usage: {
        mountPoint: 'aeron:/usr/bin/java:/dev/shm/aeron-root',
        blockSizeBytes: 4096,
        totalBytes: 0,
        freeBytes: 0,
        availableBytes: 0,
        inodesTotal: 0,
        inodesFree: 0,
      },
    };
    const b = entry({ base: 'aeron:/usr/bin/java', arg: 'com.acme.Client' });
    nameSubjects([a, b]);
    assert.equal(a.metrics.aeronDir.usage?.mountPoint, 'aeron:/usr/bin/java#io.aeron.driver.MediaDriver:/dev/shm/aeron-root');
  });
});

describe('what a runtime was given to run', () => {
  it("Redis's config file argument; a JVM's main class or -jar file past its options", () => {
    assert.equal(redisConfigArg(['/usr/bin/redis-server', '/etc/redis/redis.conf', '--supervised', 'systemd']), '/etc/redis/redis.conf');
    assert.equal(redisConfigArg(['/usr/bin/redis-server 127.0.0.1:6379']), null, 'a rewritten title has no arguments');
    assert.equal(redisConfigArg(['redis-server', '--port', '6380']), null);
    assert.equal(jvmMainArg(['java', '-Xmx1g', '-cp', '/app/lib/*', '@/app/jvm.args', 'com.acme.Orders', '--port', '1']), 'com.acme.Orders');
    assert.equal(jvmMainArg(['java', '-Dx=1', '-jar', '/srv/billing.jar']), '/srv/billing.jar');
    assert.equal(jvmMainArg(['java', '-version']), null);
  });
});
