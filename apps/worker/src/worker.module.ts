import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { EvaluationModule } from '@memfleet/evaluation';
import { HousekeepingModule } from '@memfleet/housekeeping';
import { APP_CONFIG, RuntimeModule, type AppConfig } from '@memfleet/platform';

/** The worker boots without HTTP: the runtime and the job handlers of every queue. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [RuntimeModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.logLevel } }),
    }),
    RuntimeModule,
    EvaluationModule,
    HousekeepingModule,
  ],
})
export class WorkerModule {}
