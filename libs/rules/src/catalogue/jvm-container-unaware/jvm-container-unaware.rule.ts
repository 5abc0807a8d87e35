import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, MiB } from '../../engine/units';
import { JVM_STEPS } from './jvm-container-unaware.content';

const LEGACY_VERSION = /^1\.(\d+)\.0(?:_(\d+))?/;
const MAJOR_VERSION = /^(\d+)/;

/** True for JDKs before 8u191 (JDK-8146115 backported container support there; 10+ have it built in). */
export function lacksContainerSupport(version: string): boolean | null {
  const legacy = LEGACY_VERSION.exec(version);
  if (legacy) {
    const major = Number(legacy[1]);
    return major < 8 || (major === 8 && Number(legacy[2] ?? 0) < 191);
  }
  const major = MAJOR_VERSION.exec(version);
  if (!major) return null;
  return Number(major[1]) === 9; // JDK 9 never got it; 10+ have -XX:+UseContainerSupport on by default
}

export const jvmContainerUnaware: RuleDefinition = {
  id: 'jvm-container-unaware',
  version: 2,
  title: 'JVM sizing its heap from host RAM inside a smaller container limit',
  explanation:
    'JDKs before 8u191 (JDK-8146115) do not read cgroup limits: the default heap is a quarter of the host’s RAM and GC threads follow the host’s CPUs, so inside a smaller ' +
    'memory limit the JVM grows until the kernel OOM-kills it. -XX:-UseContainerSupport turns the detection off on newer JDKs too. memfleet reads the version from $JAVA_HOME/release.',
  severityLogic: 'warning for each JVM without container support (JDK < 8u191, JDK 9, or -XX:-UseContainerSupport) whose cgroup memory limit is below host RAM and which sets no explicit maximum heap; pass otherwise.',
  outcomes: {
    pass: 'The JVM reads cgroup limits (8u191+, 10+), sets an explicit maximum heap, or has no memory limit below host RAM.',
    notApplicable: 'No process on the host has a JVM runtime (one host-level result).',
    notEvaluated: 'A JVM in a memory limit below host RAM whose Java version is unknown.',
  },
  facts: ['configuration.processes[].runtimes[kind=jvm].jvm.{javaVersion,maxHeapBytes,useContainerSupport}', 'configuration.processes[].cgroup.memoryMaxBytes', 'configuration.cgroup.memoryMaxBytes', 'configuration.memory.memTotalBytes'],
  sources: [
    { title: 'JDK-8146115: improve docker container detection and resource configuration usage', url: 'https://bugs.openjdk.org/browse/JDK-8146115' },
    { title: 'JDK 8u191 release notes: container support', url: 'https://www.oracle.com/java/technologies/javase/8u191-relnotes.html' },
  ],
  remediationKeys: JVM_STEPS.keys,
  remediationTemplates: JVM_STEPS.templates,
  thresholds: [],
  appliesTo: 'process',

  evaluate({ facts }) {
    const jvms = facts.withRuntime('jvm');
    if (jvms.length === 0) return [notApplicable('No JVM on this host.')];
    return jvms.map((p): RuleOutput => {
      const j = p.runtime('jvm')!;
      const version = j.jvm?.javaVersion ?? j.version ?? null;
      const limit = p.config.cgroup?.memoryMaxBytes ?? facts.hostMemoryMaxBytes;
      const ram = facts.memTotalBytes;
      const evidence = [
        ev('javaVersion', 'Java version', version, 'text'),
        ev('limitBytes', 'cgroup memory limit', limit, 'bytes'),
        ev('hostRamBytes', 'Host RAM', ram, 'bytes'),
        ev('maxHeapBytes', 'Explicit max heap', j.jvm?.maxHeapBytes ?? null, 'bytes'),
      ];
      if (!limit || (ram !== null && limit >= ram)) return pass(p.subject, 'No cgroup memory limit below host RAM.', evidence);
      if (j.jvm?.maxHeapBytes) return pass(p.subject, `An explicit max heap of ${bytes(j.jvm.maxHeapBytes)} is set; the JVM does not size itself from host RAM.`, evidence);
      const unaware = j.jvm?.useContainerSupport === false ? true : version ? lacksContainerSupport(version) : null;
      if (unaware === null) {
        return notEvaluated(p.subject, 'The Java version is unknown, so container support cannot be judged.', [{ fact: 'runtimes[kind=jvm].jvm.javaVersion', suppliedBy: 'JAVA_VERSION in $JAVA_HOME/release readable by the agent, or a runtimes.d declaration' }], evidence);
      }
      if (!unaware) return pass(p.subject, `Java ${version} reads the ${bytes(limit)} cgroup limit.`, evidence);
      const defaultHeap = ram !== null ? ram / 4 : null;
      // 75% of the limit leaves room for metaspace, threads and direct buffers.
      const heapMiB = Math.floor((limit * 0.75) / MiB);
      return hit(
        p.subject,
        'warning',
        `Java ${version}${j.jvm?.useContainerSupport === false ? ' with -XX:-UseContainerSupport' : ''} ignores its ${bytes(limit)} cgroup limit: its default heap is ${defaultHeap !== null ? bytes(defaultHeap) : 'a quarter of host RAM'} (¼ of ${bytes(ram)} host RAM).`,
        evidence,
        [
          JVM_STEPS.render('jvm.max-ram-percentage', { heapMiB, version, limitBytes: limit }),
          JVM_STEPS.render('jvm.upgrade', { version, keepSupport: j.jvm?.useContainerSupport === false ? ', and drop -XX:-UseContainerSupport' : '' }),
        ],
      );
    });
  },
};
