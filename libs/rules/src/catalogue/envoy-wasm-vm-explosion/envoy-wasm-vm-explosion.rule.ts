import type { Remediation } from '@memfleet/contracts';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { count } from '../../engine/units';

const HIGRESS_FIX = 'https://github.com/higress-group/higress-standalone/pull/168';

/** Workers Envoy starts, and what decided it (the brief's order of precedence). */
function workersOf(concurrency: number | null | undefined, gatewayEnv: number | null | undefined, cpusetThreads: boolean, cpusAllowed: number | null, online: number | null) {
  if (concurrency) return { workers: concurrency, source: `--concurrency ${concurrency}` };
  if (gatewayEnv) return { workers: gatewayEnv, source: `GATEWAY_CONCURRENCY=${gatewayEnv}` };
  if (cpusetThreads && cpusAllowed) return { workers: cpusAllowed, source: `--cpuset-threads, ${cpusAllowed} CPUs in its cpuset` };
  if (online) return { workers: online, source: `no --concurrency, ${online} online CPUs` };
  return null;
}

export const envoyWasmVmExplosion: RuleDefinition = {
  id: 'envoy-wasm-vm-explosion',
  version: 1,
  title: 'Envoy/Higress starts one Wasm VM per worker per plugin',
  explanation:
    'Each Wasm plugin (a distinct module and vm_id) gets one V8 VM on the main thread, cloned to every worker thread: VMs ≈ plugins × (workers + 1). ' +
    'Envoy defaults --concurrency to the number of hardware threads, so a 255-core host with 9 plugins starts about 2,304 VMs; Higress all-in-one before aio-v2.1.4 did not derive ' +
    'its workers from a CPU limit and exits there (higress#2299). V8 reserves a guard region per Wasm memory and caps the total; which limit Higress’s build hits near 2,300 VMs ' +
    'is unconfirmed upstream, and observed counts can differ a little from the formula (higress#4032).',
  severityLogic: 'critical when plugins × (workers + 1) ≥ criticalVms (1,024); warning when ≥ warningVms (256); workers = --concurrency, else GATEWAY_CONCURRENCY, else the cpuset size with --cpuset-threads, else online CPUs.',
  facts: [
    'configuration.processes[].runtimes[kind=envoy].envoy.{concurrencyFlag,cpusetThreads,gatewayConcurrencyEnv,wasmPluginCount,higressImageTag}',
    'configuration.processes[].cpusAllowedCount',
    'configuration.cpu.onlineCount',
  ],
  sources: [
    { title: 'higress#2299: gateway exits on 255 cores with 9 plugins', url: 'https://github.com/alibaba/higress/issues/2299' },
    { title: 'higress-standalone PR #168: --concurrency=${GATEWAY_CONCURRENCY:-16} (aio-v2.1.4)', url: HIGRESS_FIX },
    { title: 'Envoy CLI: --concurrency, --cpuset-threads', url: 'https://www.envoyproxy.io/docs/envoy/latest/operations/cli' },
    { title: 'envoy#19720 / PR #19763: V8 pointer compression capped VMs at 268', url: 'https://github.com/envoyproxy/envoy/issues/19720' },
    { title: 'higress#4032: VM count formula and stats', url: 'https://github.com/alibaba/higress/issues/4032' },
  ],
  remediationKeys: ['envoy.set-concurrency', 'higress.upgrade-aio', 'kubernetes.gateway-cpu-limit', 'envoy.share-vm-id'],
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
      const evidence = [
        ev('workers', 'Worker threads', w.workers, 'count'),
        ev('workersFrom', 'Workers decided by', w.source, 'text'),
        ev('plugins', 'Wasm plugins', plugins, 'count'),
        ev('vms', 'Estimated V8 VMs', vms, 'count'),
        ev('warningVms', 'Warning line', thresholds.warningVms, 'count'),
      ];
      const summary = `${count(w.workers)} workers (${w.source}) × ${plugins} plugins → ≈${count(vms)} V8 VMs`;
      if (vms < thresholds.warningVms) return pass(p.subject, `${summary}, under the ${count(thresholds.warningVms)} warning line.`, evidence);
      const severity = vms >= thresholds.criticalVms ? 'critical' : 'warning';
      return hit(p.subject, severity, `${summary}${severity === 'critical' ? `, above the ${count(thresholds.criticalVms)} critical line` : `, above the ${count(thresholds.warningVms)} warning line`}.`, evidence, remediation(plugins, w.workers, thresholds.warningVms, e?.higressImageTag ?? null));
    });
  },
};

function remediation(plugins: number, workers: number, warningVms: number, higressTag: string | null): Remediation[] {
  // Largest worker count that stays under the warning line; 16 is Higress's own default since aio-v2.1.4.
  const maxWorkers = Math.max(1, Math.ceil(warningVms / plugins) - 2);
  const n = Math.min(16, maxWorkers, workers);
  const steps: Remediation[] = [
    {
      key: 'envoy.set-concurrency',
      title: `Start Envoy with --concurrency ${n}`,
      text: `\`--concurrency ${n}\` → ${plugins} × ${n + 1} = ${count(plugins * (n + 1))} VMs, under the ${count(warningVms)} warning line (at most ${maxWorkers} workers stay under it). Envoy otherwise starts one worker per hardware thread.`,
      commands: [`envoy -c <config> --concurrency ${n}`],
      source: 'https://www.envoyproxy.io/docs/envoy/latest/operations/cli',
    },
  ];
  steps.push({
    key: 'higress.upgrade-aio',
    title: 'Higress all-in-one: upgrade to aio-v2.1.4 or later and set GATEWAY_CONCURRENCY',
    text: `Since aio-v2.1.4 the container passes --concurrency=\${GATEWAY_CONCURRENCY:-16}; set GATEWAY_CONCURRENCY=${n}.${higressTag ? ` This host runs image tag ${higressTag}.` : ''}`,
    commands: [`docker run -e GATEWAY_CONCURRENCY=${n} higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/all-in-one:latest`],
    source: HIGRESS_FIX,
  });
  steps.push({
    key: 'kubernetes.gateway-cpu-limit',
    title: 'Kubernetes: set the gateway CPU limit',
    text: `The Higress Kubernetes deployment derives workers from the pod CPU limit (gateway.resources.limits.cpu, default 2000m); a limit of ${n} CPUs gives ${n} workers.`,
    commands: [`helm upgrade higress higress.io/higress --reuse-values --set gateway.resources.limits.cpu=${n}`],
  });
  steps.push({
    key: 'envoy.share-vm-id',
    title: 'Share one vm_id across plugins with the same code; drop unused plugins',
    text: `Plugins that share code and vm_id share a VM per worker; each plugin removed saves ${workers + 1} VMs at the current worker count.`,
  });
  return steps;
}
