import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { Runtime } from '@memfleet/evaluation';
import { REPOSITORIES } from '@memfleet/persistence';
import { APP_CONFIG, JOB_QUEUE, MemfleetMetrics } from '@memfleet/platform';
import { AgentsController } from './agents/agents.controller';
import { AgentsService } from './agents/agents.service';
import { AuthGuard } from './auth/auth.guard';
import { TokenService } from './auth/token.service';
import { ProblemFilter } from './common/problem.filter';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { ReportQueriesService } from './reports/report-queries.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { loggerOptions } from './logger-options';
import { FEATURE_MODULES } from './feature-modules';
import { RuntimeLifecycle } from './runtime-lifecycle';
import { SilencesService } from './silences/silences.service';

/** The runtime (database, queue, metrics) is built before Nest starts and handed in as values. */
export const CoreValues = (rt: Runtime) => [
  { provide: APP_CONFIG, useValue: rt.config },
  { provide: DataSource, useValue: rt.ds },
  { provide: JOB_QUEUE, useValue: rt.queue },
  { provide: MemfleetMetrics, useValue: rt.metrics },
];

@Module({})
export class AppModule {
  static forRoot(rt: Runtime): DynamicModule {
    const core = CoreValues(rt);
    return {
      module: AppModule,
      global: true,
      imports: [LoggerModule.forRoot(loggerOptions(rt.config.logLevel)), ...FEATURE_MODULES],
      controllers: [AgentsController, ReportsController, HealthController, MetricsController],
      providers: [
        ...core,
        ...REPOSITORIES,
        TokenService,
        AgentsService,
        ReportsService,
        ReportQueriesService,
        { provide: RuntimeLifecycle, useFactory: (silences: SilencesService) => new RuntimeLifecycle(rt, silences), inject: [SilencesService] },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [...core.map((c) => c.provide), ...REPOSITORIES, TokenService],
    };
  }
}
