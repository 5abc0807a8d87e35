import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';
import { bytes } from '../../engine/units';

export const JVM_CONTENT = ruleContent({
  title: 'JVM sizing its heap from host RAM inside a smaller container limit',
  explanation:
    'JDKs before 8u191 (JDK-8146115) do not read cgroup limits: the default heap is a quarter of the host’s RAM and GC threads follow the host’s CPUs, so inside a smaller ' +
    'memory limit the JVM grows until the kernel OOM-kills it. -XX:-UseContainerSupport turns the detection off on newer JDKs too. memfleet reads the version from $JAVA_HOME/release.',
  severityLogic:
    'warning for each JVM without container support (JDK < 8u191, JDK 9, or -XX:-UseContainerSupport) whose cgroup memory limit is below host RAM and which sets no explicit maximum heap; pass otherwise.',
  outcomes: {
    pass: 'The JVM reads cgroup limits (8u191+, 10+), sets an explicit maximum heap, or has no memory limit below host RAM.',
    notApplicable: 'No process on the host has a JVM runtime (one host-level result).',
    notEvaluated: 'A JVM in a memory limit below host RAM whose Java version is unknown.',
  },
  facts: [
    'configuration.processes[].runtimes[kind=jvm].jvm.{javaVersion,maxHeapBytes,useContainerSupport}',
    'configuration.processes[].cgroup.memoryMaxBytes',
    'configuration.cgroup.memoryMaxBytes',
    'configuration.memory.memTotalBytes',
  ],
  sources: [
    { title: 'JDK-8146115: improve docker container detection and resource configuration usage', url: 'https://bugs.openjdk.org/browse/JDK-8146115' },
    { title: 'JDK 8u191 release notes: container support', url: 'https://www.oracle.com/java/technologies/javase/8u191-relnotes.html' },
  ],
  thresholds: {},
  evidence: { javaVersion: 'Java version', limitBytes: 'cgroup memory limit', hostRamBytes: 'Host RAM', maxHeapBytes: 'Explicit max heap (-Xmx)' },
  summaries: {
    absent: 'No JVM on this host.',
    noLimit: 'No cgroup memory limit below host RAM.',
    explicitHeap: (maxHeapBytes: number) => `An explicit max heap of ${bytes(maxHeapBytes)} is set; the JVM does not size itself from host RAM.`,
    versionUnknown: 'The Java version is unknown, so container support cannot be judged.',
    readsLimit: (version: string | null, limitBytes: number) => `Java ${version} reads the ${bytes(limitBytes)} cgroup limit.`,
    // Without host RAM the default heap has no number: the sentence says what it is instead.
    ignoresLimit: (version: string | null, supportOff: boolean, limitBytes: number, ramBytes: number | null) =>
      `Java ${version ?? 'of unknown version'}${supportOff ? ' with -XX:-UseContainerSupport' : ''} ignores its ${bytes(limitBytes)} cgroup limit: its default heap is ` +
      (ramBytes !== null ? `${bytes(ramBytes / 4)} (¼ of ${bytes(ramBytes)} host RAM).` : 'a quarter of host RAM, not of the limit.'),
    unknownVersion: 'an unknown version',
    heapNotSet: 'not set',
    unitMeans: 'the systemd unit that starts this JVM (or add the option to its command line wherever it is started)',
    workloadMeans: 'the workload that runs this pod, e.g. deployment/NAME or statefulset/NAME (with -n NAMESPACE)',
    dropSupportOff: ', and drop -XX:-UseContainerSupport',
  },
  missing: {
    javaVersion: {
      fact: 'runtimes[kind=jvm].jvm.javaVersion',
      suppliedBy: 'JAVA_VERSION in $JAVA_HOME/release readable by the agent, or a runtimes.d declaration',
    },
  },
  remediation: remediations({
    'jvm.max-ram-percentage': {
      title: 'Size the heap from the limit: -Xmx{heapMiB}m',
      text:
        'On this JDK ({version}) set `-Xmx{heapMiB}m` (75% of the {limitBytes:bytes} limit, leaving room for metaspace, threads and direct buffers); on 8u191+ use `-XX:MaxRAMPercentage=75` instead, which follows the limit. ' +
        'The JVM reads JAVA_TOOL_OPTIONS from the environment it starts with: put it in the service’s environment with a systemd drop-in and restart the service.',
      commands: ['systemctl edit {unit}  # [Service] Environment={environment}', 'systemctl restart {unit}'],
      effect: 'fixes',
      source: 'https://bugs.openjdk.org/browse/JDK-8146115',
    },
    'jvm.max-heap-in-kubernetes': {
      title: 'Size the heap from the limit: -Xmx{heapMiB}m',
      text:
        'On this JDK ({version}) set `-Xmx{heapMiB}m` (75% of the {limitBytes:bytes} limit, leaving room for metaspace, threads and direct buffers); on 8u191+ use `-XX:MaxRAMPercentage=75` instead, which follows the limit. ' +
        'This JVM runs in a Kubernetes pod, whose environment is set in its workload’s spec: `kubectl set env` changes it and rolls the pods, which start with the new heap.',
      commands: ['kubectl set env {workload} {assignment}'],
      effect: 'fixes',
      source: 'https://bugs.openjdk.org/browse/JDK-8146115',
    },
    'jvm.max-heap-in-container': {
      title: 'Size the heap from the limit: -Xmx{heapMiB}m',
      text:
        'On this JDK ({version}) set `-Xmx{heapMiB}m` (75% of the {limitBytes:bytes} limit, leaving room for metaspace, threads and direct buffers); on 8u191+ use `-XX:MaxRAMPercentage=75` instead, which follows the limit. ' +
        'This JVM runs in container {container}, whose environment is fixed when it is created: add `-e {assignment}` to its `docker run` options (compose: under `environment:`) and recreate it.',
      effect: 'fixes',
      source: 'https://bugs.openjdk.org/browse/JDK-8146115',
    },
    'jvm.upgrade': {
      title: 'Upgrade to JDK 8u191 or later{keepSupport}',
      text: 'Container support (`-XX:+UseContainerSupport`, on by default) reads cgroup memory and CPU limits; this process runs {version}.',
      effect: 'fixes',
      source: 'https://www.oracle.com/java/technologies/javase/8u191-relnotes.html',
    },
    'jvm.enable-container-support': {
      title: 'Drop -XX:-UseContainerSupport',
      text: 'Java {version} reads cgroup memory and CPU limits unless told not to: remove `-XX:-UseContainerSupport` from its options (or JAVA_TOOL_OPTIONS) and it sizes the heap from the {limitBytes:bytes} limit.',
      effect: 'fixes',
      source: 'https://bugs.openjdk.org/browse/JDK-8146115',
    },
  }),
});
