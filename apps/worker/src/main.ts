import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { createRuntime } from '@memfleet/evaluation';
import { ConfigError, loadConfig } from '@memfleet/platform';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    if (!config.databaseUrl || !config.redisUrl) throw new ConfigError('the worker needs DATABASE_URL and REDIS_URL (without them, `npm start` evaluates in-process)');
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`memfleet-worker: configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const rt = await createRuntime(config, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(rt), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const line of rt.modeLines) logger.log(line, 'memfleet-worker');
  logger.log('worker ready', 'memfleet-worker');
}

bootstrap().catch((err: Error) => {
  console.error(`memfleet-worker: failed to start: ${err.stack ?? err.message}`);
  process.exit(1);
});
