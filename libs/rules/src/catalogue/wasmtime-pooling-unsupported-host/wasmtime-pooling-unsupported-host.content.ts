import { remediations } from '../../engine/render';

export const SPIN_FIX = 'https://github.com/spinframework/spin/pull/2508';

export const WASMTIME_STEPS = remediations({
  'spin.upgrade': {
    title: 'Upgrade Spin to 2.6.0 or later',
    text: 'Spin 2.6.0+ probes the host at start (a 2^42-byte reservation) and falls back to the on-demand allocator when pooling cannot work; this process runs {version}.',
    source: SPIN_FIX,
  },
  'spin.disable-pooling': {
    title: 'Turn pooling off',
    text: 'Start with `spin up --disable-pooling`, or set `SPIN_WASMTIME_POOLING=0` in the service environment (a systemd drop-in keeps it across restarts); the wasmtime CLI takes `-O pooling-allocator=n`.',
    commands: ['systemctl edit {unit}  # [Service] Environment=SPIN_WASMTIME_POOLING=0'],
    source: SPIN_FIX,
  },
  'spin.shrink-pool': {
    title: 'Shrink the pool to {fit:count} instances',
    text:
      '{fit:count} instances need {fitStackBytes:bytes} of stacks (this host can commit {commitRoom}) and reserve {fitReserveBytes:bytes} of address space (the limit here is {vaRoom}); ' +
      'half of what would just fit, so the rest of the process keeps room: `SPIN_MAX_INSTANCE_COUNT={fit}` (Spin ≥ 3.4.0), or ' +
      '`SPIN_WASMTIME_INSTANCE_COUNT={fit} SPIN_WASMTIME_TOTAL_MEMORIES={fit} SPIN_WASMTIME_TOTAL_STACKS={fit}` on older releases.',
    commands: ['systemctl edit {unit}  # [Service] Environment=SPIN_MAX_INSTANCE_COUNT={fit}'],
    source: 'https://github.com/spinframework/spin/issues/2119',
  },
  'sysctl.overcommit-or-swap': {
    title: 'Let the {stackPoolBytes:bytes} stack pool be committed',
    text: '`sysctl -w vm.overcommit_memory=1` (this host has {overcommit}; persist it in /etc/sysctl.d/90-spin.conf){swapAdvice}.',
    commands: ['sysctl -w vm.overcommit_memory=1', "echo 'vm.overcommit_memory = 1' > /etc/sysctl.d/90-spin.conf"],
    source: 'https://www.kernel.org/doc/Documentation/vm/overcommit-accounting',
  },
  'ulimit.address-space': {
    title: 'Lift the {rlimit:bytes} address-space limit',
    text: 'The pool reserves {memoryPoolBytes:bytes}; run with `ulimit -v unlimited` (systemd: `LimitAS=infinity` in a drop-in).',
    commands: ['systemctl edit {unit}  # [Service] LimitAS=infinity'],
    source: 'https://github.com/spinframework/spin/issues/2119',
  },
});

/** The swap part of the overcommit step, when swap would make the commit fit. */
export const swapAdvice = (neededSwap: string | null) => (neededSwap ? `, or add at least ${neededSwap} of swap` : '');
