import { remediations } from '../../engine/render';

export const GROWTH_STEPS = remediations({
  'process.capture-heap-profile': {
    title: 'Diff two heap snapshots of {exe}',
    text:
      'Take a heap profile now and again after it grows by another {perHourBytes:bytes} (about an hour at its current rate): with jemalloc `MALLOC_CONF=prof:true` and jeprof, ' +
      'with glibc heaptrack, in a per-VM runtime a dump from a forked child; the difference names what accumulates. At this rate it gains {perDayBytes:bytes} a day.',
    source: 'https://blog.codingnow.com/2015/07/lua_allocator.html',
  },
  'allocator.replay-trace': {
    title: 'If nothing leaks, suspect fragmentation',
    text: 'When live objects stay flat while RSS rises ({firstBytes:bytes} → {lastBytes:bytes}), record the allocation trace and replay it against other allocators or pool designs before switching.',
    source: 'https://github.com/cloudwu/lalloc',
  },
});
