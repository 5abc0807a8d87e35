import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Evidence, MissingFact, Outcome, Remediation, Severity } from '@memfleet/contracts';
import { HostEntity } from './host.entity';

/** One row per host × rule × subject: the rule's latest result for it. */
@Entity('findings')
@Index('UQ_findings_key', ['hostId', 'ruleId', 'subject'], { unique: true })
@Index('IDX_findings_rule_outcome', ['ruleId', 'outcome', 'severity'])
@Index('IDX_findings_outcome_severity', ['outcome', 'severity'])
// Partial index created by migration (TypeORM cannot compare its predicate).
@Index('IDX_findings_active_hits', { synchronize: false })
export class FindingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_findings' })
  id: string;

  @Column({ name: 'host_id', type: 'uuid' })
  hostId: string;

  @ManyToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id', foreignKeyConstraintName: 'FK_findings_host' })
  host?: HostEntity;

  @Column({ name: 'rule_id', type: 'varchar', length: 64 })
  ruleId: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  subject: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: Outcome;

  @Column({ type: 'varchar', length: 16, nullable: true })
  severity: Severity | null;

  @Column({ name: 'rule_version', type: 'integer' })
  ruleVersion: number;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb', default: [] })
  evidence: Evidence[];

  @Column({ type: 'jsonb', default: [] })
  remediation: Remediation[];

  @Column({ type: 'jsonb', default: [] })
  missing: MissingFact[];

  @Column({ type: 'jsonb', default: {} })
  thresholds: Record<string, number>;

  @Column({ name: 'report_id', type: 'uuid', nullable: true })
  reportId: string | null;

  @Column({ name: 'first_seen_at', type: 'timestamp with time zone', default: () => 'now()' })
  firstSeenAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamp with time zone', default: () => 'now()' })
  lastSeenAt: Date;

  /** When the current hit began; null while not a hit. */
  @Column({ name: 'opened_at', type: 'timestamp with time zone', nullable: true })
  openedAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamp with time zone', nullable: true })
  resolvedAt: Date | null;

  /** An active silence covers it: still recorded, left out of totals and audits. */
  @Column({ type: 'boolean', default: false })
  silenced: boolean;
}
