import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Severity } from '@memfleet/contracts';
import { HostEntity } from './host.entity';

export const FINDING_EVENT_KINDS = ['opened', 'severity-changed', 'resolved'] as const;
export type FindingEventKind = (typeof FINDING_EVENT_KINDS)[number];

/** Appended on each transition of a finding, for trends. */
@Entity('finding_events')
// (at) INCLUDE (kind, severity): TypeORM cannot express INCLUDE, so the migration owns it.
@Index('IDX_finding_events_at_kind', { synchronize: false })
@Index('IDX_finding_events_finding', ['findingId', 'at'])
export class FindingEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'PK_finding_events' })
  id: string;

  @Column({ name: 'finding_id', type: 'uuid' })
  findingId: string;

  @Column({ name: 'host_id', type: 'uuid' })
  hostId: string;

  @ManyToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id', foreignKeyConstraintName: 'FK_finding_events_host' })
  host?: HostEntity;

  @Column({ name: 'rule_id', type: 'varchar', length: 64 })
  ruleId: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  subject: string;

  @Column({ type: 'varchar', length: 24 })
  kind: FindingEventKind;

  @Column({ type: 'varchar', length: 16, nullable: true })
  severity: Severity | null;

  @Column({ name: 'previous_severity', type: 'varchar', length: 16, nullable: true })
  previousSeverity: Severity | null;

  @Column({ name: 'report_id', type: 'uuid', nullable: true })
  reportId: string | null;

  @Column({ type: 'timestamp with time zone', default: () => 'now()' })
  at: Date;
}
