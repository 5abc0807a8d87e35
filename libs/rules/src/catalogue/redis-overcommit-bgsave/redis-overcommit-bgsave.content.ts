import { remediations } from '../../engine/render';

export const REDIS_OVERCOMMIT_STEPS = remediations({
  'sysctl.overcommit-1': {
    title: 'Set vm.overcommit_memory = 1 (now {mode})',
    text: 'Apply now with `sysctl vm.overcommit_memory=1` and persist it in /etc/sysctl.d/90-redis.conf so a reboot keeps it; the fork for BGSAVE then shares {rss} of Redis pages copy-on-write without a commit check.',
    commands: ['sysctl vm.overcommit_memory=1', "echo 'vm.overcommit_memory = 1' > /etc/sysctl.d/90-redis.conf"],
    source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/admin/',
  },
});
