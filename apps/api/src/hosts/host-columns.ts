import type { HostSummaryDto } from './dto/hosts.dto';

/** Host columns as the API names them; `stale` = no report for two intervals. */
export const HOST_SELECT = `h.id, h.hostname, h.machine_id AS "machineId", h.labels, h.last_seen_at AS "lastSeenAt", h.interval_seconds AS "intervalSeconds",
  (h.last_seen_at IS NULL OR h.last_seen_at < now() - make_interval(secs => 2 * h.interval_seconds)) AS stale,
  h.retired_at AS "retiredAt", h.agent_version AS "agentVersion", h.architecture, h.hypervisor, h.kernel_release AS "kernelRelease",
  h.thp_enabled AS "thpEnabled", h.overcommit_memory AS "overcommitMemory", h.cpu_online_count AS "cpuOnlineCount",
  h.mem_total_bytes::float8 AS "memTotalBytes", h.critical_count, h.warning_count, h.info_count`;

export const STALE_SQL = `(h.last_seen_at IS NULL OR h.last_seen_at < now() - make_interval(secs => 2 * h.interval_seconds))`;

export type HostRow = Omit<HostSummaryDto, 'findingCounts'> & { critical_count: number; warning_count: number; info_count: number };

export function toHostSummary(r: HostRow): HostSummaryDto {
  const { critical_count, warning_count, info_count, ...rest } = r;
  return { ...rest, findingCounts: { critical: critical_count, warning: warning_count, info: info_count } };
}
