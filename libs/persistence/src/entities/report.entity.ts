import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CollectionError, Metrics } from '@memfleet/contracts';
import { bigintNumber, HostEntity } from './host.entity';
import { HostConfigEntity } from './host-config.entity';

export const REPORT_STATUSES = ['queued', 'evaluated', 'failed', 'superseded'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** One row per accepted report: the compact volatile part, pointing at its (deduplicated) configuration. */
@Entity('reports')
@Index('IDX_reports_host_sequence', ['hostId', 'sequence'])
@Index('UQ_reports_idempotency', ['hostId', 'idempotencyKey'], { unique: true })
@Index('IDX_reports_queued', ['receivedAt'], { where: `status = 'queued'` })
@Index('IDX_reports_received', ['receivedAt'])
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_reports' })
  id: string;

  @Column({ name: 'host_id', type: 'uuid' })
  hostId: string;

  @ManyToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id', foreignKeyConstraintName: 'FK_reports_host' })
  host?: HostEntity;

  @Column({ name: 'config_id', type: 'uuid' })
  configId: string;

  @ManyToOne(() => HostConfigEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'config_id', foreignKeyConstraintName: 'FK_reports_config' })
  config?: HostConfigEntity;

  @Column({ type: 'bigint', transformer: bigintNumber })
  sequence: number;

  @Column({ name: 'collected_at', type: 'timestamp with time zone' })
  collectedAt: Date;

  @Column({ name: 'received_at', type: 'timestamp with time zone', default: () => 'now()' })
  receivedAt: Date;

  @Column({ name: 'schema_version', type: 'smallint' })
  schemaVersion: number;

  @Column({ name: 'agent_version', type: 'varchar', length: 64 })
  agentVersion: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'jsonb' })
  metrics: Metrics;

  /** What history-aware rules read of this report; NULL for reports stored before samples existed. */
  @Column({ type: 'jsonb', nullable: true })
  sample: unknown;

  @Column({ name: 'collection_errors', type: 'jsonb', default: [] })
  collectionErrors: CollectionError[];

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: ReportStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'evaluated_at', type: 'timestamp with time zone', nullable: true })
  evaluatedAt: Date | null;

  @Column({ name: 'catalogue_revision', type: 'varchar', length: 32, nullable: true })
  catalogueRevision: string | null;
}
