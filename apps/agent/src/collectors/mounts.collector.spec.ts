import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mountContaining, parseMountInfo } from './mounts.collector';

// A container's /proc/<pid>/mountinfo: its own 64 MiB /dev/shm on top of /dev, on top of the overlay root.
const CONTAINER = [
  '612 540 0:52 / / rw,relatime master:280 - overlay overlay rw,lowerdir=/l/A,upperdir=/x/diff,workdir=/x/work',
  '614 612 0:56 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755',
  '618 614 0:51 / /dev/shm rw,nosuid,nodev,noexec,relatime - tmpfs shm rw,size=65536k',
  '619 612 0:60 / /dev/shm-extra rw - tmpfs tmpfs rw',
  '620 612 8:1 /var/lib/docker/containers/abc/hostname /etc/host\\040name rw,relatime - ext4 /dev/sda1 rw',
].join('\n');

describe('mounts collector', () => {
  it('reads mount point, type and size= from mountinfo, unescaping spaces', () => {
    const mounts = parseMountInfo(CONTAINER);
    assert.deepEqual(mounts[2], { mountPoint: '/dev/shm', fsType: 'tmpfs', sizeOption: '65536k' });
    assert.equal(mounts[4].mountPoint, '/etc/host name');
    assert.deepEqual(parseMountInfo('garbage\n\n'), []);
  });

  it('finds the mount aeron.dir lives on: the longest parent mount point, not a sibling with the same prefix', () => {
    const mounts = parseMountInfo(CONTAINER);
    assert.equal(mountContaining(mounts, '/dev/shm/aeron-trader')?.mountPoint, '/dev/shm');
    assert.equal(mountContaining(mounts, '/dev/shm')?.mountPoint, '/dev/shm');
    assert.equal(mountContaining(mounts, '/dev/shmx/aeron')?.mountPoint, '/dev');
    assert.equal(mountContaining(mounts, '/var/aeron')?.mountPoint, '/');
    assert.equal(mountContaining([], '/dev/shm/aeron'), null);
  });
});
