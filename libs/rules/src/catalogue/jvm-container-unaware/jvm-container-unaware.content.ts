import { remediations } from '../../engine/render';

export const JVM_STEPS = remediations({
  'jvm.max-ram-percentage': {
    title: 'Size the heap from the limit: -Xmx{heapMiB}m',
    text: 'On this JDK ({version}) set `-Xmx{heapMiB}m` (75% of the {limitBytes:bytes} limit, leaving room for metaspace, threads and direct buffers); on 8u191+ use `-XX:MaxRAMPercentage=75` instead, which follows the limit.',
    commands: ['JAVA_TOOL_OPTIONS=-Xmx{heapMiB}m'],
    source: 'https://bugs.openjdk.org/browse/JDK-8146115',
  },
  'jvm.upgrade': {
    title: 'Upgrade to JDK 8u191 or later{keepSupport}',
    text: 'Container support (`-XX:+UseContainerSupport`, on by default) reads cgroup memory and CPU limits; this process runs {version}.',
    source: 'https://www.oracle.com/java/technologies/javase/8u191-relnotes.html',
  },
});
