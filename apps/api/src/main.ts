import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { createRuntime } from '@memfleet/evaluation';
import { ConfigError, loadConfig } from '@memfleet/platform';
import { AppModule } from './app.module';
import { ensureBootstrapCredentials } from './auth/bootstrap-credentials';
import { problemValidationPipe } from './common/validation.pipe';
import { setupSwagger } from './openapi';
import { jsonBody } from './common/json-body';
import { mountDashboard } from './dashboard-static';
import { RuntimeLifecycle } from './runtime-lifecycle';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`memfleet: configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const rt = await createRuntime(config, 'api');
  const announce = await ensureBootstrapCredentials(rt.ds, config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(rt), { bufferLogs: true, bodyParser: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // gzip bodies are inflated here, and the limit applies to the inflated size.
  app.use(jsonBody(config.maxBodyBytes));
  app.useGlobalPipes(problemValidationPipe());
  app.disable('x-powered-by');
  setupSwagger(app);
  const dashboard = mountDashboard(app.getHttpAdapter().getInstance());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(config.port, '0.0.0.0');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  for (const line of rt.modeLines) logger.log(line, 'memfleet');
  for (const line of announce) logger.warn(line, 'memfleet');
  logger.log(dashboard ? `dashboard: ${dashboard}` : 'dashboard: not built (npm run build:dashboard)', 'memfleet');
  logger.log(`listening on http://0.0.0.0:${port} (API docs at /docs)`, 'memfleet');
  await app.get(RuntimeLifecycle).start();
}

bootstrap().catch((err: Error) => {
  console.error(`memfleet: failed to start: ${err.stack ?? err.message}`);
  process.exit(1);
});
