import type { Type } from '@nestjs/common';
import { FindingsModule } from './findings/findings.module';
import { HostsModule } from './hosts/hosts.module';
import { RulesModule } from './rules/rules.module';
import { StatsModule } from './stats/stats.module';
import { TokensModule } from './tokens/tokens.module';
import { SilencesModule } from './silences/silences.module';
import { ReevaluationsModule } from './reevaluations/reevaluations.module';

/** Read-side and admin feature modules; each is self-contained. */
export const FEATURE_MODULES: Type[] = [HostsModule, FindingsModule, RulesModule, StatsModule, TokensModule, SilencesModule, ReevaluationsModule];
