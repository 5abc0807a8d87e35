import type { Report } from '@memfleet/contracts';

/** Facts copied onto the host row so fleet filters and distributions never read the JSON. */
export function denormalisedHostFacts(r: Report) {
  const c = r.configuration;
  return {
    architecture: c.host.architecture ?? null,
    hypervisor: c.virtualization.hypervisor ?? null,
    kernelRelease: c.host.kernelRelease ?? null,
    thpEnabled: c.thp.enabled ?? null,
    overcommitMemory: c.vm.overcommitMemory ?? null,
    cpuOnlineCount: c.cpu.onlineCount ?? null,
    memTotalBytes: c.memory.memTotalBytes ?? null,
    allocatorCounts: allocatorCounts(r),
  };
}

export function allocatorCounts(r: Report): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of r.configuration.processes) {
    if (p.state !== 'running') continue;
    const a = p.allocator ?? 'unknown';
    counts[a] = (counts[a] ?? 0) + 1;
  }
  return counts;
}
