import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

const tz = { type: 'timestamp with time zone' as const };
// bigint columns come back from pg as strings; these hold counters and byte sizes well inside 2^53.
export const bigintNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity('hosts')
@Index('UQ_hosts_identity', ['machineId', 'dmiProductUuid'], { unique: true })
@Index('IDX_hosts_labels', { synchronize: false })
export class HostEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_hosts' })
  id: string;

  @Column({ name: 'machine_id', type: 'varchar', length: 64 })
  machineId: string;

  /** '' when the host has no DMI product UUID, so the identity index stays unique. */
  @Column({ name: 'dmi_product_uuid', type: 'varchar', length: 64, default: '' })
  dmiProductUuid: string;

  @Index('IDX_hosts_hostname')
  @Column({ type: 'varchar', length: 253 })
  hostname: string;

  @Column({ name: 'agent_labels', type: 'jsonb', default: {} })
  agentLabels: Record<string, string>;

  @Column({ name: 'admin_labels', type: 'jsonb', default: {} })
  adminLabels: Record<string, string>;

  /** agent labels overlaid by admin labels: what filters match. */
  @Column({ type: 'jsonb', default: {} })
  labels: Record<string, string>;

  @Column({ name: 'interval_seconds', type: 'integer', default: 300 })
  intervalSeconds: number;

  @Column({ name: 'first_seen_at', ...tz, default: () => 'now()' })
  firstSeenAt: Date;

  @Column({ name: 'last_seen_at', ...tz, nullable: true })
  lastSeenAt: Date | null;

  @Column({ name: 'last_sequence', type: 'bigint', default: -1, transformer: bigintNumber })
  lastSequence: number;

  @Column({ name: 'latest_report_id', type: 'uuid', nullable: true })
  latestReportId: string | null;

  @Column({ name: 'latest_config_id', type: 'uuid', nullable: true })
  latestConfigId: string | null;

  @Column({ name: 'evaluated_sequence', type: 'bigint', default: -1, transformer: bigintNumber })
  evaluatedSequence: number;

  @Column({ name: 'retired_at', ...tz, nullable: true })
  retiredAt: Date | null;

  @Column({ name: 'agent_version', type: 'varchar', length: 64, nullable: true })
  agentVersion: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  architecture: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  hypervisor: string | null;

  @Column({ name: 'kernel_release', type: 'varchar', length: 128, nullable: true })
  kernelRelease: string | null;

  @Column({ name: 'thp_enabled', type: 'varchar', length: 16, nullable: true })
  thpEnabled: string | null;

  @Column({ name: 'overcommit_memory', type: 'smallint', nullable: true })
  overcommitMemory: number | null;

  @Column({ name: 'cpu_online_count', type: 'integer', nullable: true })
  cpuOnlineCount: number | null;

  @Column({ name: 'mem_total_bytes', type: 'bigint', nullable: true, transformer: bigintNumber })
  memTotalBytes: number | null;

  /** Processes per allocator in the latest configuration, e.g. {"glibc": 31, "jemalloc": 2}. */
  @Column({ name: 'allocator_counts', type: 'jsonb', default: {} })
  allocatorCounts: Record<string, number>;

  @Column({ name: 'critical_count', type: 'integer', default: 0 })
  criticalCount: number;

  @Column({ name: 'warning_count', type: 'integer', default: 0 })
  warningCount: number;

  @Column({ name: 'info_count', type: 'integer', default: 0 })
  infoCount: number;
}
