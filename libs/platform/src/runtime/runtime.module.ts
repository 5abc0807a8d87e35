import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { REPOSITORIES } from '@memfleet/persistence';
import { APP_CONFIG } from '../config/env';
import { JobRunner } from '../jobs/job-runner';
import { MemfleetMetrics } from '../metrics/metrics';
import { JOB_QUEUE } from '../queue/job-queue';
import { RuntimeInfo } from './runtime-info';
import { RuntimeShutdown } from './runtime-shutdown';
import { RUNTIME_PROVIDERS } from './runtime.providers';

/**
 * Config, database (PostgreSQL or embedded PGlite, migrated, with the repositories that own its SQL),
 * job queue (BullMQ or inline) and metrics of one process. Not global: every module that uses one of them imports this module, and
 * Nest makes one instance of it per application.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [...RUNTIME_PROVIDERS, ...REPOSITORIES, JobRunner, RuntimeShutdown],
  exports: [APP_CONFIG, DataSource, ...REPOSITORIES, JOB_QUEUE, MemfleetMetrics, JobRunner, RuntimeInfo],
})
export class RuntimeModule {}
