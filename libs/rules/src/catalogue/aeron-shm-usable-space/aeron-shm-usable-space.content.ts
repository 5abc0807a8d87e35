import { remediations } from '../../engine/render';

export const AERON_STEPS = remediations({
  'aeron.grow-shm': {
    title: 'Give {mount} at least {wantedMiB} MiB',
    text:
      'Each new log needs {requiredBytes:bytes} and {usable} is usable; {wantedMiB} MiB holds eight logs plus the {lowBytes:bytes} low-storage margin. ' +
      'Docker: `--shm-size={wantedMiB}m`; compose: `shm_size: {wantedMiB}m`; Kubernetes: an `emptyDir: {medium: Memory, sizeLimit: {wantedMiB}Mi}` mounted at the aeron.dir parent.',
    commands: ['docker run --shm-size={wantedMiB}m …'],
    source: 'https://github.com/moby/moby/issues/29492',
  },
  'aeron.lower-term-length': {
    title: 'Use shorter terms',
    text:
      'A {smallerTerm:bytes} term needs {smallerLogBytes:bytes} per log instead of {requiredBytes:bytes}: `-Daeron.term.buffer.length={smallerTerm}` ' +
      '(and `aeron.ipc.term.buffer.length`), or `term-length={smallerTerm}` in the channel URI.',
    commands: ['-Daeron.term.buffer.length={smallerTerm}'],
    source: 'https://github.com/aeron-io/aeron/wiki/Configuration-Options',
  },
  'aeron.move-dir': {
    title: 'Move aeron.dir to a larger tmpfs, or grow this one',
    text: 'For a host tmpfs: `mount -o remount,size={wantedMiB}m {mount}` (persist the size= option in /etc/fstab).{namespaceHint}',
    commands: ['mount -o remount,size={wantedMiB}m {mount}'],
    source: 'https://github.com/aeron-io/aeron/issues/1751',
  },
  'aeron.remove-stale-dirs': {
    title: 'Remove stale Aeron directories of stopped drivers',
    text: 'Old aeron-<user> directories keep their log buffers until deleted ({logBuffers} in {dir} now). Never turn aeron.perform.storage.checks off: that only hides the failure until a write faults.',
    source: 'https://github.com/aeron-io/aeron/issues/1751',
  },
});

/** Said when usable is below free: the numbers point at the directory or namespace, not the size. */
export const NAMESPACE_HINT = ' Usable is below free: check that aeron.dir exists and is writable inside the process mount namespace.';
