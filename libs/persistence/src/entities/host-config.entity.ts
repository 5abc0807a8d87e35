import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Configuration } from '@memfleet/contracts';
import { HostEntity } from './host.entity';

@Entity('host_configs')
@Index('UQ_host_configs_hash', ['hostId', 'configHash'], { unique: true })
export class HostConfigEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_host_configs' })
  id: string;

  @Column({ name: 'host_id', type: 'uuid' })
  hostId: string;

  @ManyToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id', foreignKeyConstraintName: 'FK_host_configs_host' })
  host?: HostEntity;

  @Column({ name: 'config_hash', type: 'char', length: 64 })
  configHash: string;

  @Column({ type: 'jsonb' })
  configuration: Configuration;

  @Column({ name: 'first_seen_at', type: 'timestamp with time zone', default: () => 'now()' })
  firstSeenAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamp with time zone', default: () => 'now()' })
  lastSeenAt: Date;
}
