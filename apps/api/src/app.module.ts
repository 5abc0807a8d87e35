import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuditsModule } from '@memfleet/audits';
import { AlertsModule } from '@memfleet/alerts';
import { AuditSchedulesModule } from '@memfleet/audit-schedules';
import { EvaluationModule } from '@memfleet/evaluation';
import { HousekeepingModule } from '@memfleet/housekeeping';
import { APP_CONFIG, RuntimeModule, type AppConfig } from '@memfleet/platform';
import { TracesModule } from '@memfleet/traces';
import { ActivityModule } from './activity/activity.module';
import { AgentsModule } from './agents/agents.module';
import { AuditsApiModule } from './audits/audits.module';
import { AuditSchedulesApiModule } from './audit-schedules/audit-schedules.module';
import { AuthModule } from './auth/auth.module';
import { HttpDrain } from './common/http-drain';
import { InputTextInterceptor } from './common/input-text.interceptor';
import { ProblemFilter } from './common/problem.filter';
import { DestinationsModule } from './destinations/destinations.module';
import { FindingsModule } from './findings/findings.module';
import { HealthModule } from './health/health.module';
import { HostsModule } from './hosts/hosts.module';
import { loggerOptions } from './logger-options';
import { MetricsModule } from './metrics/metrics.module';
import { ReevaluationsModule } from './reevaluations/reevaluations.module';
import { ReportsModule } from './reports/reports.module';
import { RulesModule } from './rules/rules.module';
import { SilencesModule } from './silences/silences.module';
import { StatsModule } from './stats/stats.module';
import { SessionsModule } from './sessions/sessions.module';
import { TokensModule } from './tokens/tokens.module';
import { TracesApiModule } from './traces/traces.module';
import { InventoryModule } from './inventory/inventory.module';

/**
 * The API: the runtime, the feature modules, and the job handlers (run here when the queue is inline or
 * MEMFLEET_RUN_WORKERS is set; always checked, so a job without its handler stops every process).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({ imports: [RuntimeModule], inject: [APP_CONFIG], useFactory: (config: AppConfig) => loggerOptions(config.logLevel) }),
    RuntimeModule,
    EvaluationModule,
    HousekeepingModule,
    AuditsModule,
    AlertsModule,
    AuditSchedulesModule,
    TracesModule,
    AuthModule,
    AgentsModule,
    ReportsModule,
    HealthModule,
    MetricsModule,
    HostsModule,
    FindingsModule,
    RulesModule,
    StatsModule,
    TokensModule,
    SessionsModule,
    SilencesModule,
    ReevaluationsModule,
    ActivityModule,
    AuditsApiModule,
    DestinationsModule,
    AuditSchedulesApiModule,
    TracesApiModule,
    InventoryModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ProblemFilter }, { provide: APP_INTERCEPTOR, useClass: InputTextInterceptor }, HttpDrain],
})
export class AppModule {}
