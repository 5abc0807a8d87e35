import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';
import type { DestinationTarget } from './destinations.repository';
import { SqlParams, type KeysetCursor } from './sql-fragments';

export const DELIVERY_KINDS = ['alert', 'audit', 'test'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'retrying', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One delivery as the delivery log shows it. */
export interface DeliveryRow {
  id: string;
  destinationId: string;
  kind: DeliveryKind;
  status: DeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  summary: string;
}

/** A delivery about to be sent: its message and its destination. */
export interface DeliveryToSend {
  id: string;
  kind: DeliveryKind;
  status: DeliveryStatus;
  attempts: number;
  payload: unknown;
  createdAt: Date;
  destination: DestinationTarget;
}

/** The result of one attempt: delivered, retrying (with when) or dead. */
export interface DeliveryAttempt {
  status: Exclude<DeliveryStatus, 'pending'>;
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
}

const SELECT = `id, destination_id AS "destinationId", kind, status, attempts, response_status AS "responseStatus", last_error AS "lastError",
  created_at AS "createdAt", delivered_at AS "deliveredAt", summary`;

/** The outbox of messages to destinations: each row is sent by its own job, retried until delivered or dead. */
@Injectable()
export class DeliveriesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The destinations an audit has a delivery for already (any status). */
  @GenerateSql({ params: [DummyValue.UUID] })
  async auditDestinations(auditId: string): Promise<string[]> {
    const rows: { destination_id: string }[] = await this.ds.query(
      `SELECT DISTINCT destination_id FROM deliveries WHERE kind = 'audit' AND payload->>'auditId' = $1`,
      [auditId],
    );
    return rows.map((r) => r.destination_id);
  }

  @GenerateSql({ params: [DummyValue.UUID, 'test', { title: 'test' }, DummyValue.STRING] })
  async create(destinationId: string, kind: DeliveryKind, payload: unknown, summary: string): Promise<string> {
    const rows: { id: string }[] = await this.ds.query(
      `INSERT INTO deliveries (destination_id, kind, payload, summary) VALUES ($1, $2, $3::jsonb, $4) RETURNING id`,
      [destinationId, kind, JSON.stringify(payload), summary],
    );
    return rows[0].id;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async get(id: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await this.ds.query(`SELECT ${SELECT} FROM deliveries WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Takes an unfinished delivery that is due for `leaseSeconds` (its next attempt is pushed past the send, so
   * the dispatcher's sweep leaves it alone and a duplicate job finds nothing to do), and counts the attempt
   * now: a send that kills the worker still counts, so a crash loop ends dead. `attempts` is this attempt's
   * number. Null when it is not due, finished or gone.
   */
  @GenerateSql({ params: [DummyValue.UUID, 120] })
  async claim(id: string, leaseSeconds: number): Promise<DeliveryToSend | null> {
    const rows: DeliveryToSend[] = await this.ds.query(
      `WITH taken AS (
         UPDATE deliveries SET next_attempt_at = now() + make_interval(secs => $2), attempts = attempts + 1
          WHERE id = $1 AND status IN ('pending', 'retrying') AND next_attempt_at <= now() + interval '1 second'
          RETURNING id, destination_id, kind, status, attempts, payload, created_at)
       SELECT d.id, d.kind, d.status, d.attempts, d.payload, d.created_at AS "createdAt",
              json_build_object('id', t.id, 'name', t.name, 'type', t.type, 'url', t.url, 'to', t.email_to, 'secret', t.secret) AS destination
         FROM taken d JOIN destinations t ON t.id = d.destination_id`,
      [id, leaseSeconds],
    );
    return rows[0] ?? null;
  }

  /** Records the outcome of the claimed attempt of an unfinished delivery; false when it had already finished (a duplicate job). */
  @GenerateSql({ params: [DummyValue.UUID, { status: 'retrying', responseStatus: 500, error: 'HTTP 500', nextAttemptAt: new Date(0) }] })
  async recordAttempt(id: string, a: DeliveryAttempt): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `WITH done AS (
         UPDATE deliveries SET status = $2::text, response_status = $3, last_error = $4,
                next_attempt_at = COALESCE($5, next_attempt_at), delivered_at = CASE WHEN $2::text = 'delivered' THEN now() END
          WHERE id = $1 AND status IN ('pending', 'retrying') RETURNING id)
       SELECT id FROM done`,
      [id, a.status, a.responseStatus, a.error?.slice(0, 4000) ?? null, a.nextAttemptAt],
    );
    return rows.length > 0;
  }

  /** A page of one destination's deliveries, newest first, optionally of one status; `rows` holds one more than `limit` when another page follows. */
  @GenerateSql(
    { name: 'first page', params: [DummyValue.UUID, null, null, 50] },
    { name: 'by status, after a cursor', params: [DummyValue.UUID, 'dead', { v: '2026-01-01T00:00:00.000Z', id: DummyValue.UUID }, 50] },
  )
  async page(destinationId: string, status: DeliveryStatus | null, after: KeysetCursor | null, limit: number): Promise<{ total: number; rows: DeliveryRow[] }> {
    const p = new SqlParams();
    const where = [`destination_id = ${p.add(destinationId)}`];
    if (status) where.push(`status = ${p.add(status)}`);
    const total: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n FROM deliveries WHERE ${where.join(' AND ')}`, p.values);
    if (after) where.push(`(created_at, id) < (${p.add(after.v)}::timestamptz, ${p.add(after.id)}::uuid)`);
    const rows: DeliveryRow[] = await this.ds.query(
      `SELECT ${SELECT} FROM deliveries WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    return { total: total[0].n, rows };
  }

  /** Deletes up to `batch` delivered or dead deliveries created more than `days` ago (the delivery log's history); returns how many. */
  @GenerateSql({ params: [14, 10_000] })
  async pruneFinishedOlderThan(days: number, batch: number): Promise<number> {
    const rows: { n: number }[] = await this.ds.query(
      `WITH gone AS (
         DELETE FROM deliveries WHERE id IN (
           SELECT d.id FROM deliveries d
            WHERE d.status IN ('delivered', 'dead') AND d.created_at < now() - make_interval(days => $1)
              -- An audit's deliveries stay while the audit does: they are how a re-run knows it was sent.
              AND (d.kind <> 'audit' OR NOT EXISTS (SELECT 1 FROM audits a WHERE a.id::text = d.payload->>'auditId'))
            LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [days, batch],
    );
    return rows[0].n;
  }

  /**
   * Unfinished deliveries whose next attempt is overdue by `graceSeconds`: their job was lost (the inline
   * queue died with its process, or Redis lost it); the dispatcher adds it again.
   */
  @GenerateSql({ params: [60, 100] })
  async overdue(graceSeconds: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM deliveries WHERE status IN ('pending', 'retrying') AND next_attempt_at < now() - make_interval(secs => $1) ORDER BY next_attempt_at LIMIT $2`,
      [graceSeconds, limit],
    );
    return rows.map((r) => r.id);
  }
}
