import 'reflect-metadata';
import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { EnrollSecretsRepository, TokensRepository } from '@memfleet/persistence';
import { StartupTasks } from '@memfleet/housekeeping';
import { APP_CONFIG, ConfigError, JobRunner, MemfleetMetrics, RuntimeInfo, loadConfig, oidcConfig, type AppConfig } from '@memfleet/platform';
import { AppModule } from './app.module';
import { authenticateFirst } from './auth/authenticate-first.middleware';
import { ensureBootstrapCredentials } from './auth/bootstrap-credentials';
import { RateLimits } from './auth/rate-limits';
import { routeTable } from './auth/route-table';
import { SessionService } from './auth/session.service';
import { TokenService } from './auth/token.service';
import { problemValidationPipe } from './common/validation.pipe';
import { setupSwagger } from './openapi';
import { jsonBody } from './common/json-body';
import { ingestAdmission } from './reports/ingest-admission';
import { mountDashboard } from './dashboard-static';
import { applyHttpSecurity, tlsOptions } from './http-security';

async function bootstrap(): Promise<void> {
  process.title = 'memfleet-api';
  let httpsOptions: NestApplicationOptions['httpsOptions'];
  try {
    const config = loadConfig();
    httpsOptions = tlsOptions(config); // before Nest, so a wrong variable exits 2 with one line naming it
    oidcConfig(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`memfleet: configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  // abortOnError false: a start-up failure reaches the catch below (exit 1) instead of aborting the process.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false, abortOnError: false, httpsOptions });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const config = app.get<AppConfig>(APP_CONFIG);
  const announce = await ensureBootstrapCredentials(app.get(TokensRepository), app.get(EnrollSecretsRepository), config);
  applyHttpSecurity(app, config);
  app.set('trust proxy', config.trustProxy); // req.ip: that many X-Forwarded-For hops back, 0 = the socket peer
  // Tokens and session cookies are checked (and rate limits counted) before any body is read or inflated.
  app.use(authenticateFirst({ tokens: app.get(TokenService), sessions: app.get(SessionService), limits: app.get(RateLimits), routes: routeTable(AppModule) }));
  // Past MEMFLEET_INGEST_MAX_PENDING report posts in progress, 503 with Retry-After, the body unread.
  app.use(ingestAdmission({ maxPending: config.ingestMaxPending, inProgress: app.get(MemfleetMetrics).reportsInProgress }));
  // gzip bodies are inflated here, and the limit applies to the inflated size.
  app.use(jsonBody(config.maxBodyBytes));
  // POST /api/v1/reports then goes to RawReportRoute, mounted by ReportsModule at app.init(): after these,
  // behind the request logger (also mounted at init), ahead of Nest's router.
  app.useGlobalPipes(problemValidationPipe());
  setupSwagger(app);
  const dashboard = mountDashboard(app.getHttpAdapter().getInstance(), config.dashboardDir, config.dashboardRefreshSeconds);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
  const runsJobs = app.get(JobRunner).start('api');
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  for (const line of app.get(RuntimeInfo).modeLines(runsJobs, config.workerConcurrency)) logger.log(line, 'memfleet');
  for (const line of announce) logger.warn(line, 'memfleet');
  logger.log(dashboard ? `dashboard: ${dashboard}` : 'dashboard: not built (npm run build:dashboard)', 'memfleet');
  const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.log(`listening on ${httpsOptions ? 'https' : 'http'}://${shown}:${port} (API docs at /docs)`, 'memfleet');
  await app.get(StartupTasks).run();
}

bootstrap().catch((err: Error) => {
  console.error(`memfleet: failed to start: ${err.stack ?? err.message}`);
  process.exit(1);
});
