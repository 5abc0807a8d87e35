import { randomUUID } from 'node:crypto';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';

export const ENVOY_RULE = 'envoy-wasm-vm-explosion';

/**
 * A host running Envoys with 9 Wasm plugins each: 9 × (workers + 1) VMs, so 40 workers is a warning (369 VMs),
 * 120 a critical (1089), 16 a pass (153); no --concurrency means one worker per online CPU.
 */
export function envoyHost(hostname: string, cpus: number, processes: { name: string; concurrency: number | null }[]): Report {
  const r = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname });
  const range = `0-${cpus - 1}`;
  r.configuration.cpu = { ...r.configuration.cpu, possible: range, present: range, online: range, possibleCount: cpus, presentCount: cpus, onlineCount: cpus };
  for (const p of processes) {
    withProcess(r, {
      subject: `envoy:/usr/local/bin/envoy|/etc/envoy/${p.name}.yaml`,
      exe: '/usr/local/bin/envoy',
      cmdline: `/usr/local/bin/envoy -c /etc/envoy/${p.name}.yaml${p.concurrency ? ` --concurrency ${p.concurrency}` : ''}`,
      cpusAllowedCount: cpus,
      runtimes: [
        {
          kind: 'envoy',
          version: '1.31.2',
          envoy: { concurrencyFlag: p.concurrency, cpusetThreads: false, wasmPluginCount: 9, configPath: `/etc/envoy/${p.name}.yaml` },
        },
      ],
    });
  }
  return r;
}
