import type { Evidence, Remediation } from '@memfleet/contracts';
import type { ProcessFacts } from '../../engine/facts';
import { knownOr, placeholder } from '../../engine/render';
import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { MiB } from '../../engine/units';
import { JVM_CONTENT as C } from './jvm-container-unaware.content';

const LEGACY_VERSION = /^1\.(\d+)\.0(?:_(\d+))?/;
const MAJOR_VERSION = /^(\d+)/;
const KUBEPODS = /kubepods/;
const UNIT = placeholder('UNIT', C.summaries.unitMeans);
const WORKLOAD = placeholder('WORKLOAD', C.summaries.workloadMeans);

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
  version: 4,
  inputs: ['withRuntime', 'hostMemoryMaxBytes', 'memTotalBytes'],
  metrics: { process: {} },
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
        maxHeapEvidence(p, j.jvm?.maxHeapBytes ?? null),
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
        maxHeapStep(p, { heapMiB, version: shownVersion, limitBytes: limit }),
        supported
          ? C.remediation.render('jvm.enable-container-support', { version: shownVersion, limitBytes: limit })
          : C.remediation.render('jvm.upgrade', { version: shownVersion, keepSupport: supportOff ? C.summaries.dropSupportOff : '' }),
      ]);
    });
  },
});

/** -Xmx / -XX:MaxHeapSize come from the command line (and JAVA_TOOL_OPTIONS): read without one is "not set", unread is unknown. */
function maxHeapEvidence(p: ProcessFacts, maxHeapBytes: number | null): Evidence {
  if (maxHeapBytes !== null) return C.ev('maxHeapBytes', maxHeapBytes, 'bytes');
  if (p.config.cmdline === null || p.config.cmdline === undefined) return C.ev('maxHeapBytes', null, 'bytes');
  return C.ev('maxHeapBytes', C.summaries.heapNotSet, 'text');
}

/** -Xmx where this JVM's environment is set: its systemd unit, its pod's workload, its container; else a template. */
function maxHeapStep(p: ProcessFacts, v: { heapMiB: number; version: string; limitBytes: number }): Remediation {
  // An existing JAVA_TOOL_OPTIONS is kept: the drop-in replaces the variable, not one option in it.
  const existing = p.config.env?.JAVA_TOOL_OPTIONS?.trim();
  const assignment = `JAVA_TOOL_OPTIONS=${existing ? `${existing} ` : ''}-Xmx${v.heapMiB}m`;
  const quoted = /\s/.test(assignment) ? `"${assignment}"` : assignment;
  // A container's scope unit is not where its environment is set; only a service's drop-in is.
  const unit = p.systemdUnit?.endsWith('.service') ? p.systemdUnit : null;
  if (!unit && KUBEPODS.test(p.config.cgroup?.path ?? ''))
    return C.remediation.render('jvm.max-heap-in-kubernetes', { ...v, workload: WORKLOAD, assignment: quoted });
  if (!unit && p.config.containerId)
    return C.remediation.render('jvm.max-heap-in-container', { ...v, container: p.config.containerId.slice(0, 12), assignment: quoted });
  return C.remediation.render('jvm.max-ram-percentage', { ...v, unit: knownOr(unit, UNIT), environment: quoted });
}
