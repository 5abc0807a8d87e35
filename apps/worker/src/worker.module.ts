import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuditsModule } from '@memfleet/audits';
import { AlertsModule } from '@memfleet/alerts';
import { AuditSchedulesModule } from '@memfleet/audit-schedules';
import { EvaluationModule } from '@memfleet/evaluation';
import { HousekeepingModule } from '@memfleet/housekeeping';
import { APP_CONFIG, RuntimeModule, logDestination, type AppConfig } from '@memfleet/platform';
import { TracesModule } from '@memfleet/traces';
import { WorkerMetricsServer } from './worker-metrics-server';

/** The worker boots without an HTTP API: the runtime, the job handlers of every queue, and an optional metrics port. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [RuntimeModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const destination = logDestination(process.stdout.isTTY === true);
        return { pinoHttp: destination ? [{ level: config.logLevel }, destination] : { level: config.logLevel } };
      },
    }),
    RuntimeModule,
    EvaluationModule,
    HousekeepingModule,
    AuditsModule,
    AlertsModule,
    AuditSchedulesModule,
    TracesModule,
  ],
  providers: [WorkerMetricsServer],
})
export class WorkerModule {}
