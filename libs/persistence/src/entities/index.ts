import { AgentTokenEntity, ApiTokenEntity, SettingEntity } from './token.entity';
import { FindingEventEntity } from './finding-event.entity';
import { FindingEntity } from './finding.entity';
import { HostConfigEntity } from './host-config.entity';
import { HostEntity } from './host.entity';
import { ReportEntity } from './report.entity';
import { ReevaluationRunEntity, SilenceEntity } from './silence.entity';

export * from './host.entity';
export * from './host-config.entity';
export * from './report.entity';
export * from './finding.entity';
export * from './finding-event.entity';
export * from './token.entity';
export * from './silence.entity';

export const ENTITIES = [HostEntity, HostConfigEntity, ReportEntity, FindingEntity, FindingEventEntity, AgentTokenEntity, ApiTokenEntity, SettingEntity, SilenceEntity, ReevaluationRunEntity];
