import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { StartupTasks } from '@memfleet/housekeeping';
import { APP_CONFIG, ConfigError, JobRunner, RuntimeInfo, loadConfig, type AppConfig } from '@memfleet/platform';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  process.title = 'memfleet-worker';
  try {
    const config = loadConfig();
    if (!config.databaseUrl || !config.redisUrl)
      throw new ConfigError('the worker needs DATABASE_URL and REDIS_URL (without them, `npm start` evaluates in-process)');
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`memfleet-worker: configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const config = app.get<AppConfig>(APP_CONFIG);
  const runsJobs = app.get(JobRunner).start('worker');
  for (const line of app.get(RuntimeInfo).modeLines(runsJobs, config.workerConcurrency)) logger.log(line, 'memfleet-worker');
  logger.log('worker ready', 'memfleet-worker');
  await app.get(StartupTasks).run();
}

bootstrap().catch((err: Error) => {
  console.error(`memfleet-worker: failed to start: ${err.stack ?? err.message}`);
  process.exit(1);
});
