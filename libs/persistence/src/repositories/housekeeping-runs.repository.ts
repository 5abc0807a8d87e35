import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';

/** One run of a housekeeping job: which tick (the queue's job id), which process, and what it did or why it failed. */
export interface HousekeepingRun {
  job: string;
  jobId: string;
  process: string;
  startedAt: Date;
  /** Rows the run changed; null when it failed. */
  affected: number | null;
  error: string | null;
}

/** The record of housekeeping runs (stranded-report sweep, silence expiry, pruning, retirement). */
@Injectable()
export class HousekeepingRunsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  @GenerateSql({ params: [{ job: DummyValue.STRING, jobId: DummyValue.STRING, process: DummyValue.STRING, startedAt: new Date(0), affected: 0, error: null }] })
  async record(r: HousekeepingRun): Promise<void> {
    await this.ds.query(`INSERT INTO housekeeping_runs (job, job_id, process, started_at, affected, error) VALUES ($1, $2, $3, $4, $5, $6)`, [
      r.job,
      r.jobId,
      r.process,
      r.startedAt,
      r.affected,
      r.error,
    ]);
  }

  /** Drops the records of runs started more than `days` ago; returns how many. */
  @GenerateSql({ params: [14] })
  async pruneOlderThan(days: number): Promise<number> {
    const rows: { n: number }[] = await this.ds.query(
      `WITH gone AS (DELETE FROM housekeeping_runs WHERE started_at < now() - make_interval(days => $1) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [days],
    );
    return rows[0].n;
  }
}
