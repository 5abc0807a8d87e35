import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mapsFor, LIBC, writeFixture, type FixtureHost, type FixtureProcess } from './fixture-tree';

// Host trees for how processes are named (subjects). Written to a temporary directory by the specs that use them, since
// two of them differ only in pid order and apps/agent/fixtures/ holds one tree per check expectation.

const REDIS_BINARY = '\0Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0\0jemalloc-5.3.0\0';

/** Debian's redis-server.service (trimmed to what matters), with its Alias=. */
export const DEBIAN_REDIS_UNIT = `[Unit]
Description=Advanced key-value store
After=network.target

[Service]
Type=notify
ExecStart=/usr/bin/redis-server /etc/redis/redis.conf --supervised systemd --daemonize no
PIDFile=/run/redis/redis-server.pid
Restart=always
User=redis

[Install]
WantedBy=multi-user.target
Alias=redis.service
`;

/** Debian's template for more instances: redis-server@6380.service reads /etc/redis/redis-6380.conf. */
export const DEBIAN_REDIS_TEMPLATE = `[Unit]
Description=Advanced key-value store (%I)

[Service]
Type=notify
ExecStart=/usr/bin/redis-server /etc/redis/redis-%i.conf --supervised systemd --daemonize no
PIDFile=/run/redis-%i/redis-server.pid

[Install]
WantedBy=multi-user.target
`;

/** A Redis as Debian runs it: /proc/<pid>/exe is redis-check-rdb, argv[0] the title Redis rewrites. */
export function debianRedisProcess(pid: number, port: number, cgroup: string, startTicks = 2000): FixtureProcess {
  return {
    pid,
    comm: 'redis-server',
    exe: '/usr/bin/redis-check-rdb',
    argv: [`/usr/bin/redis-server 127.0.0.1:${port}`],
    rssKb: 64 * 1024,
    startTicks,
    cgroup,
    binary: REDIS_BINARY,
    maps: mapsFor('/usr/bin/redis-check-rdb', [LIBC]),
  };
}

/**
 * A Debian host with the redis-server package: merged /usr, /usr/bin/redis-server → redis-check-rdb, the unit, its
 * template and the alias /etc/systemd/system/redis.service that enabling makes; overcommit_memory=0.
 */
export function debianRedisHost(opts: { processes: FixtureProcess[]; instances?: number[] }): FixtureHost {
  const files: Record<string, string> = {
    'usr/lib/systemd/system/redis-server.service': DEBIAN_REDIS_UNIT,
    'usr/lib/systemd/system/redis-server@.service': DEBIAN_REDIS_TEMPLATE,
    'etc/redis/redis.conf': 'bind 127.0.0.1 -::1\nport 6379\ndaemonize yes\n',
  };
  const symlinks: Record<string, string> = {
    lib: 'usr/lib',
    'usr/bin/redis-server': 'redis-check-rdb',
    'etc/systemd/system/redis.service': '/lib/systemd/system/redis-server.service',
    'etc/systemd/system/multi-user.target.wants/redis-server.service': '/lib/systemd/system/redis-server.service',
  };
  for (const port of opts.instances ?? []) {
    files[`etc/redis/redis-${port}.conf`] = `bind 127.0.0.1\nport ${port}\n`;
    symlinks[`etc/systemd/system/multi-user.target.wants/redis-server@${port}.service`] = '/lib/systemd/system/redis-server@.service';
  }
  return { hostname: 'debian-redis', overcommit: [0, 50, 0], processes: opts.processes, files, symlinks };
}

/** Two Redis servers started by hand on 6379 and 6380; `swapped` starts them in the other order (pids and times). */
export function twoRedisByHand(swapped: boolean): FixtureHost {
  const redis = (pid: number, port: number, startTicks: number): FixtureProcess => ({
    pid,
    comm: 'redis-server',
    exe: '/usr/local/bin/redis-server',
    argv: [`redis-server *:${port}`],
    rssKb: 32 * 1024,
    startTicks,
    cgroup: '0::/user.slice/user-1000.slice/session-3.scope',
    binary: REDIS_BINARY,
  });
  const [a, b] = swapped ? [2200, 2100] : [2100, 2200];
  return {
    hostname: 'two-redis',
    overcommit: [1, 50, 0],
    processes: [redis(a, 6379, a), redis(b, 6380, b)],
  };
}

/** Writes a tree under a fresh temporary directory and returns its path. */
export function writeTempFixture(name: string, host: FixtureHost): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-subjects-')), name);
  writeFixture(dir, host);
  return dir;
}
