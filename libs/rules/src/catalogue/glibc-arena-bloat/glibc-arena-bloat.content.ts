import { remediations } from '../../engine/render';

export const ARENA_STEPS = remediations({
  'glibc.set-arena-max': {
    title: 'Cap glibc arenas at 2–4',
    text:
      'Set `MALLOC_ARENA_MAX=2` (or 4 for allocation-heavy threads), or `GLIBC_TUNABLES=glibc.malloc.arena_max=2`, in {exe}’s environment, persisted in a systemd drop-in: ' +
      '{arenas} arena regions ({reservedBytes:bytes} of address space) shrink to at most 2, against a default cap of {cap} here.',
    commands: ['systemctl edit {unit}  # [Service] Environment=MALLOC_ARENA_MAX=2'],
    source: 'https://man7.org/linux/man-pages/man3/mallopt.3.html',
  },
});
