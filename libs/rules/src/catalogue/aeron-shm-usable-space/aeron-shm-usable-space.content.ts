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
    'Docker gives containers a 64 MB /dev/shm by default. Turning aeron.perform.storage.checks off only hides the failure until a write faults. memfleet sizes the check with the largest term length the process configures (network term, URI term-length, and the IPC term only when set explicitly).',
  severityLogic:
    'critical when usable < one new log of the largest term length in use, or aeron.dir is missing or unreadable; warning when usable ≤ the low-storage threshold (aeron.low.file.store.warning.threshold, 160 MiB) or usable < usableToFreeRatio ({usableToFreeRatio}) × free (reserved blocks or another namespace).',
  outcomes: {
    pass: 'Usable space holds a new log of the largest term, above the low-storage line, and is not far below free space.',
    notApplicable: 'No process on the host has an Aeron runtime (one host-level result).',
    notEvaluated: 'The statvfs of aeron.dir as the process sees it (through /proc/PID/root) is unknown.',
  },
  facts: [
    'configuration.processes[].runtimes[kind=aeron].aeron.{role,dir,termBufferLengthBytes,ipcTermBufferLengthBytes,uriTermLengthsBytes,filePageSizeBytes,lowStorageWarningThresholdBytes}',
    'metrics.processes[].aeronDir.{resolvedPath,exists,readable,usage.mountPoint,usage.availableBytes,usage.freeBytes,usage.totalBytes}',
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
    totalBytes: 'Size (f_blocks)',
    freeBytes: 'Free (f_bfree)',
    lowStorageBytes: 'Low-storage warning line',
    dir: 'aeron.dir (as the process sees it)',
    mount: 'Mount it lives on',
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
    refusedNotUsable: (path: string, usable: number, free: number, term: number, required: number) =>
      `Usable space in ${path} is ${bytes(usable)} although ${bytes(free)} is free; one new log of a ${bytes(term)} term needs ${bytes(required)}: Aeron refuses to create it. ` +
      'Usable far below free points at reserved blocks, a quota or another mount namespace, not at the size of the filesystem.',
    defaultDir: 'the default aeron.dir (/dev/shm/aeron- and the user name)',
    sizeMeans: (mount: string, roomMiB: number) => `the current size of ${mount} in MiB plus ${roomMiB} (the agent could not read its size)`,
    pidMeans: 'the process id of the Aeron process',
    // The size is said only when statfs gave it.
    usableOfTotal: (usable: number | null, total: number | null) =>
      usable === null ? 'nothing' : total === null ? bytes(usable) : `${bytes(usable)} of ${bytes(total)}`,
    nowSize: (total: number | null) => (total === null ? '' : ` (now ${bytes(total)})`),
    optionsMeans: (containerId: string | null) =>
      `the options the container runs with today (name, volumes, environment)${containerId ? `, which \`docker inspect ${containerId.slice(0, 12)}\` shows` : ''}`,
    imageMeans: 'the image the container runs',
  },
  missing: {
    aeronDir: {
      fact: 'metrics.processes[].aeronDir',
      suppliedBy: 'agent access to /proc/PID/root (SYS_PTRACE in the DaemonSet) to statvfs the directory inside the process mount namespace',
    },
    availableBytes: { fact: 'aeronDir.usage.availableBytes', suppliedBy: 'agent statfs of aeron.dir' },
  },
  remediation: remediations({
    'aeron.grow-shm': {
      title: 'Give the container’s {mount} {sizeMiB} MiB',
      text:
        'Each new log needs {requiredBytes:bytes} and {usableOfTotal} is usable; {sizeMiB} MiB keeps what is in use now and adds room for eight logs plus the {lowBytes:bytes} low-storage margin. ' +
        'Docker: `--shm-size={sizeMiB}m`; compose: `shm_size: {sizeMiB}m`; Kubernetes: an `emptyDir: {medium: Memory, sizeLimit: {sizeMiB}Mi}` mounted at the aeron.dir parent.',
      commands: ['docker run --shm-size={sizeMiB}m {options} {image}'],
      effect: 'fixes',
      source: 'https://github.com/moby/moby/issues/29492',
    },
    'aeron.lower-term-length': {
      title: 'Use shorter terms',
      text:
        'A {smallerTerm:bytes} term needs {smallerLogBytes:bytes} per log instead of {requiredBytes:bytes}, which the {usable:bytes} usable holds: `-Daeron.term.buffer.length={smallerTerm}` ' +
        '(and `aeron.ipc.term.buffer.length`), or `term-length={smallerTerm}` in the channel URI.',
      commands: ['-Daeron.term.buffer.length={smallerTerm}'],
      effect: 'fixes',
      source: 'https://github.com/aeron-io/aeron/wiki/Configuration-Options',
    },
    'aeron.move-dir': {
      title: 'Grow {mount} to {sizeMiB} MiB{nowSize}, or move aeron.dir to a larger tmpfs',
      text:
        '{sizeMiB} MiB keeps what is in use now and adds room for eight {requiredBytes:bytes} logs plus the {lowBytes:bytes} low-storage margin: ' +
        '`mount -o remount,size={sizeMiB}m {mount}`, and persist the size= option in /etc/fstab.',
      commands: ['mount -o remount,size={sizeMiB}m {mount}'],
      effect: 'fixes',
      source: 'https://github.com/aeron-io/aeron/issues/1751',
    },
    'aeron.usable-below-free-tmpfs': {
      title: 'Find why only {usable:bytes} of the {free:bytes} free in {mount} is usable',
      text:
        'Growing {mount} would not help: the space is there but not usable by the Aeron process. {mount} is tmpfs, which keeps no blocks in reserve, so tune2fs does not apply. ' +
        'On tmpfs, usable far below free means the figures come from another mount than the one the process writes to (another mount namespace’s /dev/shm, such as a container’s own 64 MB one), ' +
        'or a quota with the size= limit (tmpfs usrquota/grpquota) on the user Aeron runs as. Compare `df -B1 {dir}` and `findmnt -T {dir}` as the process sees them with the host’s; ' +
        'then give the mount the process really uses the room, lift the quota, or point aeron.dir at a tmpfs the process can use. These commands change nothing.',
      commands: ['nsenter -t {pid} -m df -B1 {dir}', 'nsenter -t {pid} -m findmnt -T {dir}'],
      effect: 'diagnoses',
      source: 'https://github.com/aeron-io/aeron/issues/1751',
    },
    'aeron.usable-below-free': {
      title: 'Find why only {usable:bytes} of the {free:bytes} free in {mount} is usable',
      text:
        'Growing {mount} would not help: the space is there but not usable by the Aeron process. On a disk filesystem free but not usable means blocks reserved for root ' +
        '(ext2/3/4: `tune2fs -m 0` on the device findmnt names releases them), a project or user quota, or a statvfs answered by another mount than the one the process writes to ' +
        '(another mount namespace). Compare `df -B1 {dir}` and `findmnt -T {dir}` as the process sees them with the host’s, then release the reserve, lift the quota, ' +
        'or point aeron.dir at a filesystem the process can use. These commands change nothing.',
      commands: ['nsenter -t {pid} -m df -B1 {dir}', 'nsenter -t {pid} -m findmnt -T {dir}'],
      effect: 'diagnoses',
      source: 'https://github.com/aeron-io/aeron/issues/1751',
    },
    'aeron.fix-dir': {
      title: 'Make aeron.dir {dir} exist and be readable for the process',
      text:
        'Aeron counts usable space as 0 when statvfs of aeron.dir fails. Check it as the process sees it (`ls -ld {dir}` in its mount namespace); the driver creates it at start when it can write the parent, ' +
        'and in a container the shared-memory mount must be there. Never turn aeron.perform.storage.checks off: that only hides the failure until a write faults.',
      commands: ['nsenter -t {pid} -m ls -ld {dir}'],
      effect: 'fixes',
      source: 'https://github.com/aeron-io/aeron/issues/1751',
    },
  }),
});
