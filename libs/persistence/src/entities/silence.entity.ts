import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { HostEntity } from './host.entity';

/** Acknowledges a rule's findings — fleet-wide, for one host, or for hosts matching labels — until it expires. */
@Entity('silences')
@Index('IDX_silences_rule', ['ruleId', 'expiresAt'])
export class SilenceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_silences' })
  id: string;

  @Column({ name: 'rule_id', type: 'varchar', length: 64 })
  ruleId: string;

  @Column({ name: 'host_id', type: 'uuid', nullable: true })
  hostId: string | null;

  @ManyToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id', foreignKeyConstraintName: 'FK_silences_host' })
  host?: HostEntity;

  @Column({ name: 'label_selector', type: 'jsonb', nullable: true })
  labelSelector: Record<string, string> | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 128 })
  author: string;

  @Column({ name: 'created_at', type: 'timestamp with time zone', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamp with time zone' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamp with time zone', nullable: true })
  revokedAt: Date | null;
}

/** A background re-evaluation of every host's latest report, after a rule or threshold change. */
@Entity('reevaluation_runs')
export class ReevaluationRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_reevaluation_runs' })
  id: string;

  @Column({ name: 'catalogue_revision', type: 'varchar', length: 32 })
  catalogueRevision: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'integer', default: 0 })
  total: number;

  @Column({ type: 'integer', default: 0 })
  done: number;

  @Column({ type: 'integer', default: 0 })
  failed: number;

  @Column({ name: 'created_at', type: 'timestamp with time zone', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamp with time zone', nullable: true })
  finishedAt: Date | null;
}
