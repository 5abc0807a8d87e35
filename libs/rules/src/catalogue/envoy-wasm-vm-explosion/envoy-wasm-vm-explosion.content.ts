import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';
import { count } from '../../engine/units';

const HIGRESS_FIX = 'https://github.com/higress-group/higress-standalone/pull/168';
const ENVOY_CLI = 'https://www.envoyproxy.io/docs/envoy/latest/operations/cli';

export const ENVOY_CONTENT = ruleContent({
  title: 'Envoy/Higress starts one Wasm VM per worker per plugin',
  explanation:
    'Each Wasm plugin (a distinct module and vm_id) gets one V8 VM on the main thread, cloned to every worker thread: VMs ≈ plugins × (workers + 1). ' +
    'Envoy defaults --concurrency to the number of hardware threads, so a 255-core host with 9 plugins starts about 2,304 VMs; Higress all-in-one before aio-v2.1.4 did not derive ' +
    'its workers from a CPU limit and exits there (higress#2299). V8 reserves a guard region per Wasm memory and caps the total; which limit Higress’s build hits near 2,300 VMs ' +
    'is unconfirmed upstream, and observed counts can differ a little from the formula (higress#4032).',
  severityLogic:
    'critical when plugins × (workers + 1) ≥ criticalVms ({criticalVms}); warning when ≥ warningVms ({warningVms}); workers = --concurrency, else GATEWAY_CONCURRENCY, else the cpuset size with --cpuset-threads, else online CPUs.',
  outcomes: {
    pass: 'The Envoy loads no Wasm plugin, or its estimated VMs are under the warning line.',
    notApplicable: 'No process on the host has an Envoy runtime (one host-level result).',
    notEvaluated: 'The number of Wasm plugins is unknown (config unreadable, plugins delivered over xDS), or the worker count cannot be derived.',
  },
  facts: [
    'configuration.processes[].runtimes[kind=envoy].envoy.{concurrencyFlag,cpusetThreads,gatewayConcurrencyEnv,wasmPluginCount,higressImageTag,configPath}',
    'configuration.processes[].{cpusAllowedCount,containerId,exe,cmdline,systemdUnit,cgroup.path}',
    'configuration.cpu.onlineCount',
    'metrics.processes[].envoyAdmin.{serverConcurrency,wasmV8Active}',
  ],
  sources: [
    { title: 'higress#2299: gateway exits on 255 cores with 9 plugins', url: 'https://github.com/higress-group/higress/issues/2299' },
    { title: 'higress-standalone PR #168: --concurrency=${GATEWAY_CONCURRENCY:-16} (aio-v2.1.4)', url: HIGRESS_FIX },
    { title: 'Envoy CLI: --concurrency, --cpuset-threads', url: ENVOY_CLI },
    { title: 'envoy#19720 / PR #19763: V8 pointer compression capped VMs at 268', url: 'https://github.com/envoyproxy/envoy/issues/19720' },
    { title: 'envoy-wasm#147: about 370 VMs at a 4 TB VSZ limit', url: 'https://github.com/envoyproxy/envoy-wasm/issues/147' },
    { title: 'higress#4032: VM count formula and stats', url: 'https://github.com/higress-group/higress/issues/4032' },
  ],
  thresholds: {
    warningVms: 'Estimated V8 VMs from which the rule warns.',
    criticalVms: 'Estimated V8 VMs from which the rule is critical.',
  },
  evidence: {
    workers: 'Worker threads',
    workersFrom: 'Workers decided by',
    plugins: 'Wasm plugins',
    vms: 'Estimated V8 VMs',
    warningVms: 'Warning line',
    criticalVms: 'Critical line',
    observedVms: 'Active V8 VMs (admin stats)',
    observedWorkers: 'server.concurrency (admin stats)',
  },
  summaries: {
    absent: 'No Envoy or Higress gateway on this host.',
    pluginsUnknown: 'Envoy runs, but how many Wasm plugins it loads is unknown.',
    noPlugins: 'Envoy loads no Wasm plugins.',
    workersUnknown: 'The number of Envoy workers is unknown (no --concurrency and no online CPU count).',
    workersFromFlag: (n: number) => `--concurrency ${n}`,
    workersFromEnv: (n: number) => `GATEWAY_CONCURRENCY=${n}`,
    workersFromCpuset: (cpus: number) => `--cpuset-threads, ${cpus} CPUs in its cpuset`,
    workersFromOnline: (online: number) => `no --concurrency, ${online} online CPUs`,
    estimate: (workers: number, from: string, plugins: number, vms: number) =>
      `${count(workers)} workers (${from}) × ${plugins} plugins → ≈${count(vms)} V8 VMs`,
    underWarning: (estimate: string, warningVms: number) => `${estimate}, under the ${count(warningVms)} warning line.`,
    overLine: (estimate: string, severity: 'critical' | 'warning', line: number) => `${estimate}, at or above the ${count(line)} ${severity} line.`,
    higressSetConcurrency: 'set GATEWAY_CONCURRENCY',
    higressUpgrade: 'upgrade to aio-v2.1.4 or later and set GATEWAY_CONCURRENCY',
    runsTag: (tag: string | null) =>
      tag
        ? `This host runs image tag ${tag}.`
        : 'The image tag this host runs is unknown (the agent reads it only from a runtimes.d declaration); any tag from aio-v2.1.4 on has the fix.',
    commandMeans: (n: number) => `the command line that starts Envoy today, with --concurrency ${n} in place of any --concurrency it has`,
    argsMeans: (n: number) => `the arguments the container passes to Envoy today (such as -c and its config path), with --concurrency ${n} added`,
    imageMeans: 'the image the container runs',
    optionsMeans: (containerId: string | null) =>
      `the options the container runs with today (name, ports, volumes)${containerId ? `, which \`docker inspect ${containerId.slice(0, 12)}\` shows` : ''}`,
  },
  missing: {
    pluginCount: {
      fact: 'envoy.wasmPluginCount',
      suppliedBy: 'a readable config named by -c, or a runtimes.d declaration {"kind":"envoy","wasmPluginCount":N} for xDS-delivered plugins',
    },
    onlineCount: { fact: 'configuration.cpu.onlineCount', suppliedBy: 'agent access to /sys/devices/system/cpu/online' },
  },
  remediation: remediations({
    'envoy.set-concurrency': {
      title: 'Start Envoy with --concurrency {n}',
      text:
        '`--concurrency {n}` → {plugins} × {nPlusOne} = {vmsAtN:count} VMs, under the {warningVms:count} warning line (at most {maxWorkers} workers stay under it). ' +
        'Envoy otherwise starts one worker per hardware thread; this one runs {workers:count}. Start it as it is started now, with that option.',
      commands: ['{command}'],
      effect: 'fixes',
      source: ENVOY_CLI,
    },
    'envoy.set-concurrency-unit': {
      title: 'Start {unit} with --concurrency {n}',
      text:
        '`--concurrency {n}` → {plugins} × {nPlusOne} = {vmsAtN:count} VMs, under the {warningVms:count} warning line (at most {maxWorkers} workers stay under it). ' +
        'Envoy otherwise starts one worker per hardware thread; this one runs {workers:count}. In a drop-in for {unit}, clear ExecStart (an empty `ExecStart=`) and set it again with the option, then restart the unit; ' +
        'if the unit takes Envoy’s options from an environment file, set --concurrency there instead.',
      commands: ['systemctl edit {unit}  # [Service] ExecStart= and ExecStart={command}', 'systemctl restart {unit}'],
      effect: 'fixes',
      source: ENVOY_CLI,
    },
    'envoy.set-concurrency-container': {
      title: 'Recreate the container with Envoy’s --concurrency {n}',
      text:
        '`--concurrency {n}` → {plugins} × {nPlusOne} = {vmsAtN:count} VMs, under the {warningVms:count} warning line (at most {maxWorkers} workers stay under it). ' +
        'Envoy otherwise starts one worker per hardware thread; this one runs {workers:count}. Pass the option among Envoy’s arguments after the image ' +
        '(the envoyproxy/envoy image hands arguments that start with - to envoy; compose: `command:`).',
      commands: ['docker run {options} {image} {args}'],
      effect: 'fixes',
      source: ENVOY_CLI,
    },
    'envoy.reduce-plugins': {
      title: 'Fewer plugins: even one worker stays over the warning line',
      text:
        'With {plugins} plugins, `--concurrency 1` still starts {plugins} × 2 = {vmsAtOne:count} VMs, at or above the {warningVms:count} warning line: ' +
        'run at most {maxPlugins} distinct plugins (share vm_ids, drop unused ones) with `--concurrency 1` to bring it under.',
      effect: 'fixes',
      source: 'https://github.com/higress-group/higress/issues/4032',
    },
    'higress.upgrade-aio': {
      title: 'Higress all-in-one: {higressAction}',
      text: 'Since aio-v2.1.4 the container passes `--concurrency=${GATEWAY_CONCURRENCY:-16}`: recreate it from the all-in-one image tagged {targetTag} (or a later release) with `GATEWAY_CONCURRENCY={n}`. {runsTag}',
      commands: ['docker run -e GATEWAY_CONCURRENCY={n} {options} higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/all-in-one:{targetTag}'],
      effect: 'fixes',
      source: HIGRESS_FIX,
    },
    'kubernetes.gateway-cpu-limit': {
      title: 'Kubernetes: set the gateway CPU limit to {n}',
      text: 'The Higress Kubernetes deployment derives its workers from the pod CPU limit (`gateway.resources.limits.cpu`, default 2000m); a limit of {n} CPUs gives {n} workers.',
      commands: ['helm upgrade higress higress.io/higress --reuse-values --set gateway.resources.limits.cpu={n}'],
      effect: 'fixes',
      source: 'https://github.com/higress-group/higress/issues/2299',
    },
    'envoy.share-vm-id': {
      title: 'Share one vm_id across plugins with the same code; drop unused plugins',
      text: 'Plugins with the same code and vm_id share one VM per worker; each plugin removed saves {workersPlusOne:count} VMs at the current {workers:count} workers.',
      effect: 'mitigates',
      source: 'https://github.com/higress-group/higress/issues/4032',
    },
  }),
});
