import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { MiB } from '../../engine/units';
import { JVM_CONTENT as C } from './jvm-container-unaware.content';

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

export const jvmContainerUnaware = defineRule(C, {
  id: 'jvm-container-unaware',
  version: 3,
  inputs: ['withRuntime', 'hostMemoryMaxBytes', 'memTotalBytes'],
  thresholds: [],
  appliesTo: 'process',

  evaluate({ facts }) {
    const jvms = facts.withRuntime('jvm');
    if (jvms.length === 0) return [notApplicable(C.summaries.absent)];
    return jvms.map((p): RuleOutput => {
      const j = p.runtime('jvm')!;
      const version = j.jvm?.javaVersion ?? j.version ?? null;
      const limit = p.config.cgroup?.memoryMaxBytes ?? facts.hostMemoryMaxBytes;
      const ram = facts.memTotalBytes;
      const evidence = [
        C.ev('javaVersion', version, 'text'),
        C.ev('limitBytes', limit, 'bytes'),
        C.ev('hostRamBytes', ram, 'bytes'),
        C.ev('maxHeapBytes', j.jvm?.maxHeapBytes ?? null, 'bytes'),
      ];
      if (!limit || (ram !== null && limit >= ram)) return pass(p.subject, C.summaries.noLimit, evidence);
      if (j.jvm?.maxHeapBytes) return pass(p.subject, C.summaries.explicitHeap(j.jvm.maxHeapBytes), evidence);
      const supportOff = j.jvm?.useContainerSupport === false;
      const unaware = supportOff ? true : version ? lacksContainerSupport(version) : null;
      if (unaware === null) return notEvaluated(p.subject, C.summaries.versionUnknown, [C.missing.javaVersion], evidence);
      if (!unaware) return pass(p.subject, C.summaries.readsLimit(version, limit), evidence);
      // 75% of the limit leaves room for metaspace, threads and direct buffers.
      const heapMiB = Math.floor((limit * 0.75) / MiB);
      const shownVersion = version ?? C.summaries.unknownVersion;
      // A JDK that has container support only needs the flag gone; upgrading it changes nothing.
      const supported = version ? lacksContainerSupport(version) === false : false;
      return hit(p.subject, 'warning', C.summaries.ignoresLimit(version, supportOff, limit, ram), evidence, [
        C.remediation.render('jvm.max-ram-percentage', { heapMiB, version: shownVersion, limitBytes: limit }),
        supported
          ? C.remediation.render('jvm.enable-container-support', { version: shownVersion, limitBytes: limit })
          : C.remediation.render('jvm.upgrade', { version: shownVersion, keepSupport: supportOff ? C.summaries.dropSupportOff : '' }),
      ]);
    });
  },
});
