import type { CsvColumn } from '@memfleet/exports';
import { labelsText } from '@memfleet/exports';
import type { HostSummaryDto } from './dto/hosts.dto';

/** The hosts CSV: one row per host, the list's fields (labels as `k=v;k=v`, the unsilenced hit counts). */
export const HOST_CSV_COLUMNS: CsvColumn<HostSummaryDto>[] = [
  { header: 'id', value: (h) => h.id },
  { header: 'host', value: (h) => h.hostname },
  { header: 'machineId', value: (h) => h.machineId },
  { header: 'labels', value: (h) => labelsText(h.labels) },
  { header: 'lastSeenAt', value: (h) => h.lastSeenAt },
  { header: 'intervalSeconds', value: (h) => h.intervalSeconds },
  { header: 'stale', value: (h) => h.stale },
  { header: 'retiredAt', value: (h) => h.retiredAt },
  { header: 'agentVersion', value: (h) => h.agentVersion },
  { header: 'architecture', value: (h) => h.architecture },
  { header: 'hypervisor', value: (h) => h.hypervisor },
  { header: 'kernelRelease', value: (h) => h.kernelRelease },
  { header: 'thpEnabled', value: (h) => h.thpEnabled },
  { header: 'overcommitMemory', value: (h) => h.overcommitMemory },
  { header: 'cpuOnlineCount', value: (h) => h.cpuOnlineCount },
  { header: 'memTotalBytes', value: (h) => h.memTotalBytes },
  { header: 'critical', value: (h) => h.findingCounts.critical },
  { header: 'warning', value: (h) => h.findingCounts.warning },
  { header: 'info', value: (h) => h.findingCounts.info },
];
