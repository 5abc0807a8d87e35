import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { validateReport } from '@memfleet/contracts';
import { noProbes } from '../collectors/network-probes';
import { collectReport } from './collect-report';

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' }).trim();

describe('collect on this machine', () => {
  it('agrees with nproc, getconf PAGESIZE, stat -f /dev/shm and /proc/meminfo', async () => {
    const r = await collectReport({ probes: noProbes });
    const v = validateReport(r);
    assert.ok(v.ok, JSON.stringify(v));
    // nproc counts the CPUs this process may run on; with no affinity limit that is the online set
    const allowed = Number(sh('nproc', []));
    const online = Number(sh('getconf', ['_NPROCESSORS_ONLN']));
    assert.equal(r.configuration.cpu.onlineCount, online);
    assert.ok(allowed <= online);
    assert.equal(r.configuration.memory.pageSizeBytes, Number(sh('getconf', ['PAGESIZE'])));
    const memTotalKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    assert.equal(r.configuration.memory.memTotalBytes, memTotalKb * 1024);
    const [bsize, blocks] = sh('stat', ['-f', '-c', '%S %b', '/dev/shm']).split(' ').map(Number);
    const shm = r.metrics.filesystems.find((f) => f.mountPoint === '/dev/shm');
    assert.ok(shm, 'a /dev/shm usage entry');
    assert.equal(shm.blockSizeBytes, bsize);
    assert.equal(shm.totalBytes, blocks * bsize);
    assert.equal(r.configuration.host.kernelRelease, sh('uname', ['-r']));
    assert.equal(r.configuration.host.architecture, sh('uname', ['-m']));
  });
});
