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
const IMAGE = placeholder('IMAGE', C.summaries.imageMeans);

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

// GATEWAY_CONCURRENCY alone is no mark of Higress: any Envoy wrapper may read it. A tag (declared), or Higress in
// the program, its arguments or its cgroup (the Kubernetes gateway pod) is.
const HIGRESS = /higress/i;
const isHigress = (p: ProcessFacts, tag: string | null) =>
  tag !== null || [p.config.exe, p.config.cmdline, p.config.cgroup?.path].some((s) => HIGRESS.test(s ?? ''));

/** Envoy's arguments (after the program) with `--concurrency n`, replacing one it has; null when unknown or redacted. */
export function argsWithConcurrency(cmdline: string | null | undefined, n: number): string | null {
  const words = (cmdline ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.includes('***')) return null;
  const args: string[] = [];
  for (let i = 1; i < words.length; i++) {
    if (words[i] === '--concurrency') i++;
    else if (!words[i].startsWith('--concurrency=')) args.push(words[i]);
  }
  return [...args, '--concurrency', String(n)].join(' ');
}

export const envoyWasmVmExplosion = defineRule(C, {
  id: 'envoy-wasm-vm-explosion',
  version: 4,
  inputs: ['withRuntime', 'onlineCount'],
  // The admin endpoint's counts are shown beside the estimate, never judged.
  metrics: { process: { envoyAdmin: 'evidence' } },
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
  const args = argsWithConcurrency(p.config.cmdline, n);
  const program = (p.config.cmdline ?? '').trim().split(/\s+/)[0] || null;
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
    // How it is started today, with the new worker count: the unit's ExecStart, the container's arguments, or the command line.
    command: knownOr(args && program ? `${program} ${args}` : null, placeholder('COMMAND', C.summaries.commandMeans(n))),
    args: knownOr(args, placeholder('ARGS', C.summaries.argsMeans(n))),
    unit: p.systemdUnit ?? '',
    image: IMAGE,
    runsTag: C.summaries.runsTag(tag),
    targetTag: targetTag(tag),
    // A container is recreated with the options it has; the agent knows the container, not how it was run.
    options: placeholder('OPTIONS', C.summaries.optionsMeans(p.config.containerId ?? null)),
    higressAction: higressAction(tag),
  };
  const steps: Remediation[] = [];
  // When no worker count gets under the line, the plugins must go first.
  const concurrencyKey = p.systemdUnit ? 'envoy.set-concurrency-unit' : p.config.containerId ? 'envoy.set-concurrency-container' : 'envoy.set-concurrency';
  steps.push(C.remediation.render(maxWorkers >= 1 ? concurrencyKey : 'envoy.reduce-plugins', values));
  // Higress fixes only for a Higress gateway: the all-in-one image, or the Kubernetes deployment.
  const higress = isHigress(p, tag);
  const kubernetes = higress && (p.config.cgroup?.path ?? '').includes('kubepods');
  if (higress && (!kubernetes || (tag ?? '').startsWith('aio'))) steps.push(C.remediation.render('higress.upgrade-aio', values));
  if (kubernetes) steps.push(C.remediation.render('kubernetes.gateway-cpu-limit', values));
  steps.push(C.remediation.render('envoy.share-vm-id', values));
  return steps;
}

/** The tag to run: this one when it already has the fix, else aio-v2.1.4 in this host's tag form (or as released). */
function targetTag(tag: string | null): string {
  const v = tag ? AIO_TAG.exec(tag)?.[1] : undefined;
  if (!tag || !v) return `aio-v${FIXED_AIO}`;
  return compareVersions(v, FIXED_AIO) >= 0 ? tag : tag.replace(v, FIXED_AIO);
}

function higressAction(tag: string | null): string {
  const v = tag ? AIO_TAG.exec(tag)?.[1] : undefined;
  if (v && compareVersions(v, FIXED_AIO) >= 0) return C.summaries.higressSetConcurrency;
  return C.summaries.higressUpgrade;
}
