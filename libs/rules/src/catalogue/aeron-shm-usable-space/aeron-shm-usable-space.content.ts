import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';
import { bytes } from '../../engine/units';

export const AERON_CONTENT = ruleContent({
  title: 'Aeron needs usable space, not free space, in its shared-memory directory',
  explanation:
    'Before creating a publication or subscription image, the Aeron media driver checks that the usable space of aeron.dir (statvfs f_bavail × f_frsize; ' +
    'Java: FileStore.getUsableSpace()) holds one new log of align(3 × term length + 4096, page size) — 50,335,744 bytes at the default 16 MiB term. ' +
    'df shows free blocks (f_bfree), which include blocks reserved for root, so Aeron can refuse with "insufficient usable storage … usable=0" while df shows 1.5 GB free (aeron#1751). ' +
    'usable=0 beside a healthy df most likely means aeron.dir was missing or inaccessible, or statvfs ran in another mount namespace — an inference from the code, not stated upstream. ' +
    'Docker gives containers a 64 MB /dev/shm by default. memfleet sizes the check with the largest term length the process configures (network term, URI term-length, and the IPC term only when set explicitly).',
  severityLogic:
    'critical when usable < one new log of the largest term length in use, or aeron.dir is missing or unreadable; warning when usable ≤ the low-storage threshold (aeron.low.file.store.warning.threshold, 160 MiB) or usable < usableToFreeRatio ({usableToFreeRatio}) × free (reserved blocks or another namespace).',
  outcomes: {
    pass: 'Usable space holds a new log of the largest term, above the low-storage line, and is not far below free space.',
    notApplicable: 'No process on the host has an Aeron runtime (one host-level result).',
    notEvaluated: 'The statvfs of aeron.dir as the process sees it (through /proc/<pid>/root) is unknown.',
  },
  facts: [
    'configuration.processes[].runtimes[kind=aeron].aeron.{role,dir,termBufferLengthBytes,ipcTermBufferLengthBytes,uriTermLengthsBytes,filePageSizeBytes,lowStorageWarningThresholdBytes}',
    'metrics.processes[].aeronDir.{exists,readable,usage.availableBytes,usage.freeBytes}',
  ],
  sources: [
    { title: 'aeron#1751: insufficient usable storage, usable=0, while df shows 1.5 G free', url: 'https://github.com/aeron-io/aeron/issues/1751' },
    { title: 'akka-core#30601', url: 'https://github.com/akka/akka-core/issues/30601' },
    {
      title: 'aeron_driver_context_run_storage_checks / aeron_usable_fs_space',
      url: 'https://github.com/aeron-io/aeron/blob/master/aeron-driver/src/main/c/aeron_driver_context.c',
    },
    { title: 'moby#29492: Docker default /dev/shm is 64 MB', url: 'https://github.com/moby/moby/issues/29492' },
  ],
  thresholds: { usableToFreeRatio: 'Warn when usable space is below this fraction of free space.' },
  evidence: {
    requiredBytes: 'One new log needs',
    termLengthBytes: 'Largest term length',
    usableBytes: 'Usable (f_bavail)',
    freeBytes: 'Free (f_bfree)',
    lowStorageBytes: 'Low-storage warning line',
    dir: 'aeron.dir',
  },
  summaries: {
    absent: 'No Aeron driver or client on this host.',
    dirUnknown: (path: string) => `The usable space of aeron.dir (${path}) as the Aeron process sees it is unknown.`,
    dirUnusable: (path: string, exists: boolean) =>
      `aeron.dir ${path} is ${exists ? 'not readable' : 'missing'} as the process sees it: statvfs fails and Aeron counts usable space as 0.`,
    noAvailable: (path: string) => `statvfs of ${path} gave no available-blocks figure.`,
    refused: (path: string, usable: number, free: number | null, term: number, required: number) =>
      `Usable space in ${path} is ${bytes(usable)} (free ${bytes(free)}); one new log of a ${bytes(term)} term needs ${bytes(required)}: Aeron refuses to create it.`,
    lowStorage: (path: string, usable: number, low: number, required: number) =>
      `Usable space in ${path} is ${bytes(usable)}, at or under the ${bytes(low)} low-storage line; each new log takes ${bytes(required)}.`,
    belowFree: (path: string, usable: number, free: number) =>
      `Usable space in ${path} (${bytes(usable)}) is far below free space (${bytes(free)}): reserved blocks or a different mount namespace.`,
    fits: (path: string, usable: number, required: number) => `Usable space in ${path} is ${bytes(usable)}; a new log needs ${bytes(required)}.`,
    nothingUsable: 'nothing',
    logBuffers: (count: number | null) => (count !== null ? `${count} log buffers` : 'an unknown number of log buffers'),
    // Said when usable is below free: the numbers point at the directory or namespace, not the size.
    namespaceHint: ' Usable is below free: check that aeron.dir exists and is writable inside the process mount namespace.',
  },
  missing: {
    aeronDir: {
      fact: 'metrics.processes[].aeronDir',
      suppliedBy: 'agent access to /proc/<pid>/root (SYS_PTRACE in the DaemonSet) to statvfs the directory inside the process mount namespace',
    },
    availableBytes: { fact: 'aeronDir.usage.availableBytes', suppliedBy: 'agent statfs of aeron.dir' },
  },
  remediation: remediations({
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
  }),
});
