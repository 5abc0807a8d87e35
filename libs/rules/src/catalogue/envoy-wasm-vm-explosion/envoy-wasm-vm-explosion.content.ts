import { remediations } from '../../engine/render';

export const HIGRESS_FIX = 'https://github.com/higress-group/higress-standalone/pull/168';
const ENVOY_CLI = 'https://www.envoyproxy.io/docs/envoy/latest/operations/cli';

export const ENVOY_STEPS = remediations({
  'envoy.set-concurrency': {
    title: 'Start Envoy with --concurrency {n}',
    text:
      '`--concurrency {n}` → {plugins} × {nPlusOne} = {vmsAtN:count} VMs, under the {warningVms:count} warning line (at most {maxWorkers} workers stay under it). ' +
      'Envoy otherwise starts one worker per hardware thread; this one runs {workers:count}.',
    commands: ['envoy -c {config} --concurrency {n}'],
    source: ENVOY_CLI,
  },
  'envoy.reduce-plugins': {
    title: 'Fewer plugins: even one worker stays over the warning line',
    text:
      'With {plugins} plugins, `--concurrency 1` still starts {plugins} × 2 = {vmsAtOne:count} VMs, at or above the {warningVms:count} warning line: ' +
      'at most {maxPlugins} distinct plugins (share vm_ids, drop unused ones) before the worker count can bring it under.',
    source: 'https://github.com/higress-group/higress/issues/4032',
  },
  'higress.upgrade-aio': {
    title: 'Higress all-in-one: {higressAction}',
    text: 'Since aio-v2.1.4 the container passes `--concurrency=${GATEWAY_CONCURRENCY:-16}`; set `GATEWAY_CONCURRENCY={n}`. This host runs image tag {higressTag}.',
    commands: ['docker run -e GATEWAY_CONCURRENCY={n} higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/all-in-one:latest'],
    source: HIGRESS_FIX,
  },
  'kubernetes.gateway-cpu-limit': {
    title: 'Kubernetes: set the gateway CPU limit to {n}',
    text: 'The Higress Kubernetes deployment derives its workers from the pod CPU limit (`gateway.resources.limits.cpu`, default 2000m); a limit of {n} CPUs gives {n} workers.',
    commands: ['helm upgrade higress higress.io/higress --reuse-values --set gateway.resources.limits.cpu={n}'],
    source: 'https://github.com/higress-group/higress/issues/2299',
  },
  'envoy.share-vm-id': {
    title: 'Share one vm_id across plugins with the same code; drop unused plugins',
    text: 'Plugins with the same code and vm_id share one VM per worker; each plugin removed saves {workersPlusOne:count} VMs at the current {workers:count} workers.',
    source: 'https://github.com/higress-group/higress/issues/4032',
  },
});
