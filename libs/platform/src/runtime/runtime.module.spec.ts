import 'reflect-metadata';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { JobName, type EvaluateReportPayload } from '@memfleet/contracts';
import { MIGRATIONS } from '@memfleet/persistence';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../../../../test/helpers/throwaway-db';
import { JobRunner } from '../jobs/job-runner';
import { ON_JOB, OnJob } from '../jobs/on-job.decorator';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue';
import { RuntimeInfo } from './runtime-info';
import { RuntimeModule } from './runtime.module';
import { EMBEDDED_POSTGRES } from './runtime.providers';

/** A slow job that needs the database at its end: shutdown must let it finish before closing the database. */
@Injectable()
class SlowJobs {
  readonly started: string[] = [];
  readonly answers: unknown[] = [];

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  @OnJob(JobName.EvaluateReport)
  async evaluate(data: EvaluateReportPayload): Promise<void> {
    this.started.push(data.reportId);
    await new Promise((r) => setTimeout(r, 500));
    this.answers.push((await this.ds.query(`SELECT count(*)::int AS n FROM typeorm_migrations`))[0].n);
  }
}

// Every other job gets a no-op handler, so a job added later cannot stop this module from starting.
for (const name of Object.values(JobName)) {
  if (name === JobName.EvaluateReport) continue;
  const noop = async (): Promise<void> => {};
  Object.defineProperty(SlowJobs.prototype, `noop:${name}`, { value: noop });
  Reflect.defineMetadata(ON_JOB, name, noop);
}

@Module({ imports: [RuntimeModule], providers: [SlowJobs] })
class TestModule {}

const refused = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

async function bootAndStop(
  env: Record<string, string | undefined>,
): Promise<{ lines: string[]; answers: unknown[]; closed: { database: boolean; embeddedUrl: string | null } }> {
  Object.assign(process.env, env);
  const app = await NestFactory.createApplicationContext(TestModule, { logger: false, abortOnError: false });
  // Closed whatever fails on the way: an open PGlite or Redis connection would keep the test file alive forever.
  let closedApp = false;
  try {
    const lines = app.get(RuntimeInfo).modeLines(true, 1);
    app.get(JobRunner).start('worker');
    const jobs = app.get(SlowJobs);
    await app
      .get<JobQueue>(JOB_QUEUE)
      .enqueue({ name: JobName.EvaluateReport, data: { reportId: 'r1', hostId: 'h', catalogueRevision: 'c' } }, `slow-${Date.now()}`);
    const deadline = Date.now() + 10_000;
    while (jobs.started.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(jobs.started, ['r1'], 'the job started before shutdown');
    const ds = app.get(DataSource);
    const embedded = app.get<{ url: string } | null>(EMBEDDED_POSTGRES);
    closedApp = true;
    await app.close();
    return { lines, answers: jobs.answers, closed: { database: !ds.isInitialized, embeddedUrl: embedded?.url ?? null } };
  } finally {
    if (!closedApp) await app.close();
  }
}

describe('RuntimeModule', { timeout: 120_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-runtime-'));
  let db: ThrowawayDb | undefined;
  after(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('embedded: starts PGlite, migrates, and on shutdown lets the running job finish, then closes the database and PGlite', async () => {
    const { lines, answers, closed } = await bootAndStop({ MEMFLEET_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' });
    assert.match(lines[0], /^database: embedded PGlite in /);
    assert.match(lines[1], /^migrations applied: /);
    assert.equal(lines[2], 'queue: inline — set REDIS_URL for BullMQ workers');
    assert.deepEqual(answers, [MIGRATIONS.length], 'the job that ran during shutdown still had its database');
    assert.ok(closed.database, 'the DataSource is closed');
    assert.ok(closed.embeddedUrl && (await refused(closed.embeddedUrl)), 'PGlite no longer listens');
  });

  it('PostgreSQL and BullMQ: the same order, with the worker finishing its job before the database closes', async () => {
    db = await createThrowawayDatabase();
    const prefix = uniqueQueuePrefix();
    const { lines, answers, closed } = await bootAndStop({ DATABASE_URL: db.url, REDIS_URL: REDIS_TEST_URL, MEMFLEET_QUEUE_PREFIX: prefix });
    assert.equal(lines[0], `database: PostgreSQL ${new URL(db.url).host}/${db.name}`);
    assert.equal(lines[2], `queue: BullMQ on ${new URL(REDIS_TEST_URL).host} (prefix ${prefix}), 1 workers in this process`);
    assert.deepEqual(answers, [MIGRATIONS.length]);
    assert.ok(closed.database);
    assert.equal(closed.embeddedUrl, null);
  });
});
