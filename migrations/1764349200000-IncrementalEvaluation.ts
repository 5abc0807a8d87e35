import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a host was last evaluated under, so ingest can settle a report that changes no rule input without a job:
 * the host-level inputs digest (catalogue revision, configuration hash, the metrics rules judge), the evaluation
 * context (a counter in `settings`, bumped by re-evaluation runs; cleared on a host whose findings a silence
 * changed), each rule's own digest (the worker runs only the rules whose digest moved), and when the periodic rules
 * are next due. All null until the host's next evaluation: a host never settles before one.
 */
export class IncrementalEvaluation1764349200000 implements MigrationInterface {
  name = 'IncrementalEvaluation1764349200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "hosts" ADD COLUMN "evaluated_inputs_digest" character(64),
      ADD COLUMN "evaluated_context" bigint, ADD COLUMN "rule_input_digests" jsonb, ADD COLUMN "history_due_at" timestamptz`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "hosts" DROP COLUMN "evaluated_inputs_digest", DROP COLUMN "evaluated_context",
      DROP COLUMN "rule_input_digests", DROP COLUMN "history_due_at"`);
  }
}
