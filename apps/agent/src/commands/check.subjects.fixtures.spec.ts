import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { debianRedisHost, debianRedisProcess, writeTempFixture } from '../testing/subject-scenarios';
import { checkCommand } from './check.command';

describe('check on a Debian host with one Redis and the packaged units (overcommit_memory=0)', () => {
  const dir = writeTempFixture('debian-redis', debianRedisHost({ processes: [debianRedisProcess(2207, 6379, '0::/system.slice/redis-server.service')] }));
  after(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('warns once, for the running Redis, under the name it was started by', async () => {
    let out = '';
    const io = { out: (t: string) => void (out += t), err: () => undefined };
    const code = await checkCommand({ root: dir, top: 50, labels: {}, networkProbes: false, json: true, offline: true }, io);
    const results = JSON.parse(out) as { ruleId: string; subject: string; outcome: string }[];
    const hits = results.filter((r) => r.outcome === 'hit').map((r) => `${r.ruleId} ${r.subject}`);
    assert.deepEqual(hits, ['redis-overcommit-bgsave redis:/usr/bin/redis-server']);
    assert.equal(code, 1);
  });
});
