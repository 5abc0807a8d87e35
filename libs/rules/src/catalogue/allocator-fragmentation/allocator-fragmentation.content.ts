import { remediations } from '../../engine/render';

const CODINGNOW = 'https://blog.codingnow.com/2015/07/lua_allocator.html';
const REDIS_MEMORY = 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/memory-optimization/';

export const FRAGMENTATION_STEPS = remediations({
  'redis.activedefrag': {
    title: 'Turn on Redis active defragmentation',
    text: 'With jemalloc, Redis can move values to compact pages and give back part of the {wastedBytes:bytes} held beyond used_memory: `CONFIG SET activedefrag yes`, then persist `activedefrag yes` in redis.conf.',
    commands: ['redis-cli CONFIG SET activedefrag yes', "echo 'activedefrag yes' >> /etc/redis/redis.conf"],
    source: REDIS_MEMORY,
  },
  'jemalloc.background-purge': {
    title: 'Let jemalloc return dirty pages sooner',
    text: 'Set `MALLOC_CONF=background_thread:true,dirty_decay_ms:1000` in the service environment so unused pages are purged in the background ({allocator} here).',
    commands: ['systemctl edit {unit}  # [Service] Environment=MALLOC_CONF=background_thread:true,dirty_decay_ms:1000'],
    source: 'https://jemalloc.net/jemalloc.3.html',
  },
  'glibc.set-arena-max': {
    title: 'Cap glibc arenas',
    text: 'Set `MALLOC_ARENA_MAX=2` (or 4) so fewer per-thread arenas hold freed memory.',
    commands: ['systemctl edit {unit}  # [Service] Environment=MALLOC_ARENA_MAX=2'],
    source: 'https://man7.org/linux/man-pages/man3/mallopt.3.html',
  },
  'pools.share-or-merge': {
    title: 'Share pools across VMs, or use a merging allocator',
    text:
      'Per-VM pools that split blocks and never merge them fragment over long runs ({wastedBytes:bytes} held but unused here); share pools across VMs or use a buddy/size-class design that merges ' +
      '(mind the 8-byte header pushing 512/1,024/2,048-byte requests up a class unless pages are 32 KiB-aligned).',
    source: CODINGNOW,
  },
  'allocator.replay-trace': {
    title: 'Replay a recorded allocation trace before switching allocators',
    text:
      'Log every alloc/free/realloc of a VM in production, replay the sequence against each candidate allocator (filling blocks with an address-and-size pattern and verifying on free), ' +
      'and compare resident size and time against today’s ratio of {ratio}.',
    source: 'https://github.com/cloudwu/lalloc',
  },
});
