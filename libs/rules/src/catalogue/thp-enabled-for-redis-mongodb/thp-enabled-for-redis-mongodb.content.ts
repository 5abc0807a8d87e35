import { remediations } from '../../engine/render';

export const THP_PATH = '/sys/kernel/mm/transparent_hugepage/enabled';

const persist = (mode: string) =>
  `persist it with the kernel parameter \`transparent_hugepage=${mode}\` (GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub) or a oneshot systemd unit that writes it at boot`;

export const THP_STEPS = remediations({
  'thp.set-madvise': {
    title: 'Set transparent huge pages to madvise (now {thp})',
    text: `\`echo madvise > ${THP_PATH}\` now; ${persist('madvise')}. Redis {version} then gets no huge pages unless it asks, and forks stop copying 2 MiB pages.`,
    commands: [`echo madvise > ${THP_PATH}`],
    source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/latency/',
  },
  'thp.disable-for-mongodb': {
    title: 'Disable transparent huge pages for MongoDB {version} (now {thp})',
    text: `\`echo never > ${THP_PATH}\` now; ${persist('never')}. Or upgrade to MongoDB 8.0, which wants THP on.`,
    commands: [`echo never > ${THP_PATH}`],
    source: 'https://www.mongodb.com/docs/v7.0/tutorial/transparent-huge-pages/',
  },
  'thp.enable-for-mongodb-8': {
    title: 'Enable THP for MongoDB {version} (now {thp})',
    text: `\`echo always > ${THP_PATH}\` now; ${persist('always')}. MongoDB 8.0+ uses TCMalloc per-CPU caches and asks for THP on.`,
    commands: [`echo always > ${THP_PATH}`],
    source: 'https://www.mongodb.com/docs/v8.0/administration/tcmalloc-performance/',
  },
});
