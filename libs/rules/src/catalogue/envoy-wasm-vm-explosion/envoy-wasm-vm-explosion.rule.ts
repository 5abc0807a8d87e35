import type { Remediation } from '@memfleet/contracts';
import type { ProcessFacts } from '../../engine/facts';
import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { knownOr, placeholder } from '../../engine/render';
import { compareVersions } from '../../engine/units';
import { ENVOY_CONTENT as C } from './envoy-wasm-vm-explosion.content';

// Higress's own default since aio-v2.1.4; recommended when it is under the warning line.
const HIGRESS_DEFAULT_WORKERS = 16;
const FIXED_AIO = '2.1.4';
const AIO_TAG = /^aio-v?(\d+(?:\.\d+)*)/;
const CONFIG = placeholder('CONFIG', C.summaries.configMeans);
const TAG = placeholder('TAG', C.summaries.tagMeans);

/** Workers Envoy starts, and what decided it (the brief's order of precedence). */
function workersOf(
  concurrency: number | null | undefined,
  gatewayEnv: number | null | undefined,
  cpusetThreads: boolean,
  cpusAllowed: number | null,
  online: number | null,
) {
  if (concurrency) return { workers: concurrency, source: C.summaries.workersFromFlag(concurrency) };
  if (gatewayEnv) return { workers: gatewayEnv, source: C.summaries.workersFromEnv(gatewayEnv) };
  if (cpusetThreads && cpusAllowed) return { workers: cpusAllowed, source: C.summaries.workersFromCpuset(cpusAllowed) };
  if (online) return { workers: online, source: C.summaries.workersFromOnline(online) };
  return null;
}

/** Largest worker count n with plugins × (n + 1) still under the warning line; 0 when none is. */
export function maxWorkersUnder(plugins: number, warningVms: number): number {
  return Math.max(0, Math.ceil(warningVms / plugins) - 2);
}

const isHigress = (p: ProcessFacts, tag: string | null, gatewayEnv: number | null) =>
  tag !== null || gatewayEnv !== null || (p.config.exe ?? '').includes('higress') || (p.config.cmdline ?? '').includes('higress');

export const envoyWasmVmExplosion = defineRule(C, {
  id: 'envoy-wasm-vm-explosion',
  version: 3,
  inputs: ['withRuntime', 'onlineCount'],
  thresholds: [
    { name: 'warningVms', default: 256, unit: 'count' },
    { name: 'criticalVms', default: 1024, unit: 'count' },
  ],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const envoys = facts.withRuntime('envoy');
    if (envoys.length === 0) return [notApplicable(C.summaries.absent)];
    return envoys.map((p): RuleOutput => {
      const e = p.runtime('envoy')!.envoy;
      const plugins = e?.wasmPluginCount ?? null;
      if (plugins === null) {
        return notEvaluated(p.subject, C.summaries.pluginsUnknown, [C.missing.pluginCount]);
      }
      if (plugins === 0) return pass(p.subject, C.summaries.noPlugins, [C.ev('plugins', 0, 'count')]);
      const w = workersOf(e?.concurrencyFlag, e?.gatewayConcurrencyEnv, e?.cpusetThreads ?? false, p.config.cpusAllowedCount ?? null, facts.onlineCount);
      if (!w) {
        return notEvaluated(p.subject, C.summaries.workersUnknown, [C.missing.onlineCount]);
      }
      const vms = plugins * (w.workers + 1);
      const admin = p.metrics?.envoyAdmin ?? null;
      const evidence = [
        C.ev('workers', w.workers, 'count'),
        C.ev('workersFrom', w.source, 'text'),
        C.ev('plugins', plugins, 'count'),
        C.ev('vms', vms, 'count'),
        C.ev('warningVms', thresholds.warningVms, 'count'),
        C.ev('criticalVms', thresholds.criticalVms, 'count'),
      ];
      // What the admin endpoint reports, beside the estimate (observed counts can differ a little).
      if (admin?.wasmV8Active != null) evidence.push(C.ev('observedVms', admin.wasmV8Active, 'count'));
      if (admin?.serverConcurrency != null) evidence.push(C.ev('observedWorkers', admin.serverConcurrency, 'count'));
      const estimate = C.summaries.estimate(w.workers, w.source, plugins, vms);
      if (vms < thresholds.warningVms) return pass(p.subject, C.summaries.underWarning(estimate, thresholds.warningVms), evidence);
      const severity = vms >= thresholds.criticalVms ? 'critical' : 'warning';
      const line = severity === 'critical' ? thresholds.criticalVms : thresholds.warningVms;
      return hit(p.subject, severity, C.summaries.overLine(estimate, severity, line), evidence, remediation(p, plugins, w.workers, thresholds.warningVms));
    });
  },
});

function remediation(p: ProcessFacts, plugins: number, workers: number, warningVms: number): Remediation[] {
  const e = p.runtime('envoy')?.envoy;
  const tag = e?.higressImageTag ?? null;
  const maxWorkers = maxWorkersUnder(plugins, warningVms);
  const n = Math.max(1, Math.min(HIGRESS_DEFAULT_WORKERS, maxWorkers, workers));
  const values = {
    n,
    nPlusOne: n + 1,
    plugins,
    workers,
    workersPlusOne: workers + 1,
    vmsAtN: plugins * (n + 1),
    vmsAtOne: plugins * 2,
    maxWorkers,
    maxPlugins: Math.ceil(warningVms / 2) - 1,
    warningVms,
    config: knownOr(e?.configPath, CONFIG),
    runsTag: C.summaries.runsTag(tag),
    targetTag: targetTag(tag),
    // A container is recreated with the options it has; the agent knows the container, not how it was run.
    options: placeholder('OPTIONS', C.summaries.optionsMeans(p.config.containerId ?? null)),
    higressAction: higressAction(tag),
  };
  const steps: Remediation[] = [];
  // When no worker count gets under the line, the plugins must go first.
  steps.push(C.remediation.render(maxWorkers >= 1 ? 'envoy.set-concurrency' : 'envoy.reduce-plugins', values));
  // Higress fixes only for a Higress gateway: the all-in-one image, or the Kubernetes deployment.
  const higress = isHigress(p, tag, e?.gatewayConcurrencyEnv ?? null);
  const kubernetes = higress && (p.config.cgroup?.path ?? '').includes('kubepods');
  if (higress && (!kubernetes || (tag ?? '').startsWith('aio'))) steps.push(C.remediation.render('higress.upgrade-aio', values));
  if (kubernetes) steps.push(C.remediation.render('kubernetes.gateway-cpu-limit', values));
  steps.push(C.remediation.render('envoy.share-vm-id', values));
  return steps;
}

/** The tag to run: this one when it already has the fix, else aio-v2.1.4 in this host's tag form; unknown without a tag. */
function targetTag(tag: string | null) {
  const v = tag ? AIO_TAG.exec(tag)?.[1] : undefined;
  if (!tag || !v) return TAG;
  return compareVersions(v, FIXED_AIO) >= 0 ? tag : tag.replace(v, FIXED_AIO);
}

function higressAction(tag: string | null): string {
  const v = tag ? AIO_TAG.exec(tag)?.[1] : undefined;
  if (v && compareVersions(v, FIXED_AIO) >= 0) return C.summaries.higressSetConcurrency;
  return C.summaries.higressUpgrade;
}
