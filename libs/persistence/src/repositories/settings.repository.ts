import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';

/** Threshold overrides by rule id, then threshold name: only values that differ from the defaults. */
export type ThresholdOverrides = Record<string, Record<string, number>>;

// Keys of the settings table.
const THRESHOLDS = 'rule-thresholds';
const EVALUATED_REVISION = 'evaluated-catalogue-revision';
const EVALUATION_CONTEXT = 'evaluation-context';

/**
 * The evaluation context's revision as SQL: a counter bumped by every re-evaluation run (threshold overrides changed,
 * the catalogue changed, or asked for); the catalogue revision is also part of the inputs digest, and applying
 * silences clears the recorded context of the hosts whose findings they changed. A host evaluated under another
 * value is not settled at ingest.
 */
export const EVALUATION_CONTEXT_SQL = `COALESCE((SELECT (value #>> '{}')::bigint FROM settings WHERE key = '${EVALUATION_CONTEXT}'), 0)`;

const BUMP_EVALUATION_CONTEXT_SQL = `INSERT INTO settings (key, value) VALUES ('${EVALUATION_CONTEXT}', to_jsonb(1))
  ON CONFLICT (key) DO UPDATE SET value = to_jsonb((settings.value #>> '{}')::bigint + 1), updated_at = now()
  RETURNING value #>> '{}' AS revision`;

/** Deployment-wide settings: threshold overrides and the catalogue revision findings came from (enroll secrets have their own table). */
@Injectable()
export class SettingsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  @GenerateSql()
  async thresholdOverrides(): Promise<ThresholdOverrides> {
    const rows: { value: ThresholdOverrides }[] = await this.ds.query(`SELECT value FROM settings WHERE key = $1`, [THRESHOLDS]);
    return rows[0]?.value ?? {};
  }

  /** Replaces one rule's overrides, leaving other rules' as they are. */
  @GenerateSql({ params: [DummyValue.STRING, { limit: 1 }] })
  async setRuleThresholds(ruleId: string, overrides: Record<string, number>): Promise<void> {
    await this.ds.query(
      `INSERT INTO settings (key, value) VALUES ($1, jsonb_build_object($2::text, $3::jsonb))
       ON CONFLICT (key) DO UPDATE SET value = settings.value || jsonb_build_object($2::text, $3::jsonb), updated_at = now()`,
      [THRESHOLDS, ruleId, JSON.stringify(overrides)],
    );
  }

  /**
   * Records the catalogue revision the findings are evaluated with. `changed` is true only for the one
   * caller whose write changed the stored value (concurrent starts race on the row); `previous` is the
   * value it replaced (null on a fresh database).
   */
  @GenerateSql({ params: [DummyValue.STRING] })
  async recordCatalogueRevision(revision: string): Promise<{ changed: boolean; previous: string | null }> {
    const rows: { previous: string | null }[] = await this.ds.query(
      `WITH prev AS (SELECT value #>> '{}' AS previous FROM settings WHERE key = $1),
          up AS (INSERT INTO settings (key, value) VALUES ($1, to_jsonb($2::text))
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now() WHERE settings.value <> EXCLUDED.value RETURNING key)
     SELECT (SELECT previous FROM prev) AS previous FROM up`,
      [EVALUATED_REVISION, revision],
    );
    return rows.length ? { changed: true, previous: rows[0].previous } : { changed: false, previous: null };
  }

  /** Thresholds or silences changed: no host's findings may be settled on until it is evaluated again. Returns the new revision. */
  @GenerateSql()
  async bumpEvaluationContext(): Promise<number> {
    const rows: { revision: string }[] = await this.ds.query(BUMP_EVALUATION_CONTEXT_SQL);
    return Number(rows[0].revision);
  }
}
