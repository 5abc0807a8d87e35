import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';

/** A background re-evaluation of every host's latest report, after a rule or threshold change. */
export interface ReevaluationRow {
  id: string;
  catalogueRevision: string;
  reason: string;
  total: number;
  done: number;
  failed: number;
  createdAt: Date;
  finishedAt: Date | null;
}

const SELECT = `id, catalogue_revision AS "catalogueRevision", reason, total, done, failed, created_at AS "createdAt", finished_at AS "finishedAt"`;

/** Re-evaluation runs and their progress. */
@Injectable()
export class ReevaluationsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Starts a run over every active host that has a report; `total` is their number. */
  @GenerateSql({ params: [DummyValue.STRING, DummyValue.STRING] })
  async start(catalogueRevision: string, reason: string): Promise<{ id: string; total: number }> {
    const [run]: { id: string; total: number }[] = await this.ds.query(
      `INSERT INTO reevaluation_runs (catalogue_revision, reason, total)
     SELECT $1, $2, count(*) FROM hosts WHERE retired_at IS NULL AND latest_report_id IS NOT NULL RETURNING id, total`,
      [catalogueRevision, reason],
    );
    return { id: run.id, total: Number(run.total) };
  }

  /** Marks a run finished now (one with nothing to do). */
  @GenerateSql({ params: [DummyValue.UUID] })
  async finish(id: string): Promise<void> {
    await this.ds.query(`UPDATE reevaluation_runs SET finished_at = now() WHERE id = $1`, [id]);
  }

  /** Adds a batch's counts; the run is finished once done + failed reach its total. */
  @GenerateSql({ params: [DummyValue.UUID, 200, 0] })
  async recordProgress(id: string, done: number, failed: number): Promise<void> {
    await this.ds.query(
      `UPDATE reevaluation_runs SET done = done + $2, failed = failed + $3,
            finished_at = CASE WHEN done + $2 + failed + $3 >= total THEN now() END WHERE id = $1`,
      [id, done, failed],
    );
  }

  /** The 20 most recent runs, newest first. */
  @GenerateSql()
  recent(): Promise<ReevaluationRow[]> {
    return this.ds.query(`SELECT ${SELECT} FROM reevaluation_runs ORDER BY created_at DESC LIMIT 20`);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async get(id: string): Promise<ReevaluationRow | null> {
    const rows: ReevaluationRow[] = await this.ds.query(`SELECT ${SELECT} FROM reevaluation_runs WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }
}
