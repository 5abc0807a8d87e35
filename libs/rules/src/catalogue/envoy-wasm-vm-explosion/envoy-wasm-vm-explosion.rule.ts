import type { Remediation } from '@memfleet/contracts';
import type { ProcessFacts } from '../../engine/facts';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { compareVersions, count } from '../../engine/units';
import { ENVOY_STEPS, HIGRESS_FIX } from './envoy-wasm-vm-explosion.content';

// Higress's own default since aio-v2.1.4; recommended when it is under the warning line.
const HIGRESS_DEFAULT_WORKERS = 16;
const FIXED_AIO = '2.1.4';
const AIO_TAG = /^aio-v?(\d+(?:\.\d+)*)/;

/** Workers Envoy starts, and what decided it (the brief's order of precedence). */
function workersOf(concurrency: number | null | undefined, gatewayEnv: number | null | undefined, cpusetThreads: boolean, cpusAllowed: number | null, online: number | null) {
  if (concurrency) return { workers: concurrency, source: `--concurrency ${concurrency}` };
  if (gatewayEnv) return { workers: gatewayEnv, source: `GATEWAY_CONCURRENCY=${gatewayEnv}` };
  if (cpusetThreads && cpusAllowed) return { workers: cpusAllowed, source: `--cpuset-threads, ${cpusAllowed} CPUs in its cpuset` };
  if (online) return { workers: online, source: `no --concurrency, ${online} online CPUs` };
  return null;
}

/** Largest worker count n with plugins × (n + 1) still under the warning line; 0 when none is. */
export function maxWorkersUnder(plugins: number, warningVms: number): number {
  return Math.max(0, Math.ceil(warningVms / plugins) - 2);
}

const isHigress = (p: ProcessFacts, tag: string | null, gatewayEnv: number | null) =>
  tag !== null || gatewayEnv !== null || (p.config.exe ?? '').includes('higress') || (p.config.cmdline ?? '').includes('higress');

export const envoyWasmVmExplosion: RuleDefinition = {
  id: 'envoy-wasm-vm-explosion',
  version: 2,
  title: 'Envoy/Higress starts one Wasm VM per worker per plugin',
  explanation:
    'Each Wasm plugin (a distinct module and vm_id) gets one V8 VM on the main thread, cloned to every worker thread: VMs ≈ plugins × (workers + 1). ' +
    'Envoy defaults --concurrency to the number of hardware threads, so a 255-core host with 9 plugins starts about 2,304 VMs; Higress all-in-one before aio-v2.1.4 did not derive ' +
    'its workers from a CPU limit and exits there (higress#2299). V8 reserves a guard region per Wasm memory and caps the total; which limit Higress’s build hits near 2,300 VMs ' +
    'is unconfirmed upstream, and observed counts can differ a little from the formula (higress#4032).',
  severityLogic:
    'critical when plugins × (workers + 1) ≥ criticalVms (1,024); warning when ≥ warningVms (256); workers = --concurrency, else GATEWAY_CONCURRENCY, else the cpuset size with --cpuset-threads, else online CPUs.',
  outcomes: {
    pass: 'The Envoy loads no Wasm plugin, or its estimated VMs are under the warning line.',
    notApplicable: 'No process on the host has an Envoy runtime (one host-level result).',
    notEvaluated: 'The number of Wasm plugins is unknown (config unreadable, plugins delivered over xDS), or the worker count cannot be derived.',
  },
  facts: [
    'configuration.processes[].runtimes[kind=envoy].envoy.{concurrencyFlag,cpusetThreads,gatewayConcurrencyEnv,wasmPluginCount,higressImageTag,configPath}',
    'configuration.processes[].{cpusAllowedCount,containerId,exe}',
    'configuration.cpu.onlineCount',
    'metrics.processes[].envoyAdmin.{serverConcurrency,wasmV8Active}',
  ],
  sources: [
    { title: 'higress#2299: gateway exits on 255 cores with 9 plugins', url: 'https://github.com/higress-group/higress/issues/2299' },
    { title: 'higress-standalone PR #168: --concurrency=${GATEWAY_CONCURRENCY:-16} (aio-v2.1.4)', url: HIGRESS_FIX },
    { title: 'Envoy CLI: --concurrency, --cpuset-threads', url: 'https://www.envoyproxy.io/docs/envoy/latest/operations/cli' },
    { title: 'envoy#19720 / PR #19763: V8 pointer compression capped VMs at 268', url: 'https://github.com/envoyproxy/envoy/issues/19720' },
    { title: 'envoy-wasm#147: about 370 VMs at a 4 TB VSZ limit', url: 'https://github.com/envoyproxy/envoy-wasm/issues/147' },
    { title: 'higress#4032: VM count formula and stats', url: 'https://github.com/higress-group/higress/issues/4032' },
  ],
  remediationKeys: ENVOY_STEPS.keys,
  remediationTemplates: ENVOY_STEPS.templates,
  thresholds: [
    { name: 'warningVms', default: 256, unit: 'count', description: 'Estimated V8 VMs from which the rule warns.' },
    { name: 'criticalVms', default: 1024, unit: 'count', description: 'Estimated V8 VMs from which the rule is critical.' },
  ],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const envoys = facts.withRuntime('envoy');
    if (envoys.length === 0) return [notApplicable('No Envoy or Higress gateway on this host.')];
    return envoys.map((p): RuleOutput => {
      const e = p.runtime('envoy')!.envoy;
      const plugins = e?.wasmPluginCount ?? null;
      if (plugins === null) {
        return notEvaluated(p.subject, 'Envoy runs, but how many Wasm plugins it loads is unknown.', [
          { fact: 'envoy.wasmPluginCount', suppliedBy: 'a readable config named by -c, or a runtimes.d declaration {"kind":"envoy","wasmPluginCount":N} for xDS-delivered plugins' },
        ]);
      }
      if (plugins === 0) return pass(p.subject, 'Envoy loads no Wasm plugins.', [ev('plugins', 'Wasm plugins', 0, 'count')]);
      const w = workersOf(e?.concurrencyFlag, e?.gatewayConcurrencyEnv, e?.cpusetThreads ?? false, p.config.cpusAllowedCount ?? null, facts.onlineCount);
      if (!w) {
        return notEvaluated(p.subject, 'The number of Envoy workers is unknown (no --concurrency and no online CPU count).', [
          { fact: 'configuration.cpu.onlineCount', suppliedBy: 'agent access to /sys/devices/system/cpu/online' },
        ]);
      }
      const vms = plugins * (w.workers + 1);
      const admin = p.metrics?.envoyAdmin ?? null;
      const evidence = [
        ev('workers', 'Worker threads', w.workers, 'count'),
        ev('workersFrom', 'Workers decided by', w.source, 'text'),
        ev('plugins', 'Wasm plugins', plugins, 'count'),
        ev('vms', 'Estimated V8 VMs', vms, 'count'),
        ev('warningVms', 'Warning line', thresholds.warningVms, 'count'),
        ev('criticalVms', 'Critical line', thresholds.criticalVms, 'count'),
      ];
      // What the admin endpoint reports, beside the estimate (observed counts can differ a little).
      if (admin?.wasmV8Active != null) evidence.push(ev('observedVms', 'Active V8 VMs (admin stats)', admin.wasmV8Active, 'count'));
      if (admin?.serverConcurrency != null) evidence.push(ev('observedWorkers', 'server.concurrency (admin stats)', admin.serverConcurrency, 'count'));
      const summary = `${count(w.workers)} workers (${w.source}) × ${plugins} plugins → ≈${count(vms)} V8 VMs`;
      if (vms < thresholds.warningVms) return pass(p.subject, `${summary}, under the ${count(thresholds.warningVms)} warning line.`, evidence);
      const severity = vms >= thresholds.criticalVms ? 'critical' : 'warning';
      const line = severity === 'critical' ? `at or above the ${count(thresholds.criticalVms)} critical line` : `at or above the ${count(thresholds.warningVms)} warning line`;
      return hit(p.subject, severity, `${summary}, ${line}.`, evidence, remediation(p, plugins, w.workers, thresholds.warningVms));
    });
  },
};

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
    config: e?.configPath ?? '<config>',
    higressTag: tag ?? 'unknown',
    higressAction: higressAction(tag),
  };
  const steps: Remediation[] = [];
  // When no worker count gets under the line, the plugins must go first.
  steps.push(ENVOY_STEPS.render(maxWorkers >= 1 ? 'envoy.set-concurrency' : 'envoy.reduce-plugins', values));
  // Higress fixes only for a Higress gateway: the all-in-one image, or the Kubernetes deployment.
  const higress = isHigress(p, tag, e?.gatewayConcurrencyEnv ?? null);
  const kubernetes = higress && (p.config.cgroup?.path ?? '').includes('kubepods');
  if (higress && (!kubernetes || (tag ?? '').startsWith('aio'))) steps.push(ENVOY_STEPS.render('higress.upgrade-aio', values));
  if (kubernetes) steps.push(ENVOY_STEPS.render('kubernetes.gateway-cpu-limit', values));
  steps.push(ENVOY_STEPS.render('envoy.share-vm-id', values));
  return steps;
}

function higressAction(tag: string | null): string {
  const v = tag ? AIO_TAG.exec(tag)?.[1] : undefined;
  if (v && compareVersions(v, FIXED_AIO) >= 0) return 'set GATEWAY_CONCURRENCY';
  return 'upgrade to aio-v2.1.4 or later and set GATEWAY_CONCURRENCY';
}
