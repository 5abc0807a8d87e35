export * from './config/env';
export * from './database/embedded-postgres';
export * from './queue/job-queue';
export * from './queue/inline-queue';
export * from './queue/bullmq-queue';
export * from './metrics/metrics';
