import { Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Runtime } from '@memfleet/evaluation';

class WorkerLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('worker');
  constructor(private readonly rt: Runtime) {}

  /** SIGTERM: stop taking jobs, let running ones finish, then close the database. */
  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`shutting down${signal ? ` on ${signal}` : ''}: finishing running jobs`);
    await this.rt.close();
  }
}

/** The worker boots without HTTP: a Nest application context holding the BullMQ workers. */
@Module({})
export class WorkerModule {
  static forRoot(rt: Runtime): DynamicModule {
    return {
      module: WorkerModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { level: rt.config.logLevel } })],
      providers: [{ provide: WorkerLifecycle, useFactory: () => new WorkerLifecycle(rt) }],
    };
  }
}
