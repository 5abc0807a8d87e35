import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';
import type { KeysetCursor } from './sql-fragments';

export const TRACE_ROW_STATUSES = ['uploading', 'queued', 'running', 'done', 'failed'] as const;
export type TraceRowStatus = (typeof TRACE_ROW_STATUSES)[number];

export interface NewTrace {
  createdBy: string;
  name: string | null;
  hostId: string | null;
  subject: string | null;
}

/** A trace as the API shows it; `analysis` only where the caller asked for it. */
export interface TraceRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  name: string | null;
  hostId: string | null;
  hostname: string | null;
  subject: string | null;
  status: TraceRowStatus;
  /** Uncompressed size of the trace as uploaded. */
  bytes: number;
  /** What its chunks take in PostgreSQL (gzip). */
  storedBytes: number;
  events: number;
  progress: number;
  error: string | null;
  analysis?: unknown;
}

export interface TraceFilter {
  hostId?: string;
  subject?: string;
}

const ITEM = `t.id, t.created_at AS "createdAt", t.updated_at AS "updatedAt", t.created_by AS "createdBy", t.name, t.host_id AS "hostId",
  h.hostname, t.subject, t.status, t.bytes::float8 AS bytes, t.stored_bytes::float8 AS "storedBytes", t.events::float8 AS events,
  t.progress, t.error`;

/** Allocation traces and their stored bytes (ordered gzip chunks). */
@Injectable()
export class TracesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Opens an upload: the row exists, invisible to lists, until `finishUpload` or `discard`. */
  @GenerateSql({ params: [{ createdBy: DummyValue.STRING, name: null, hostId: DummyValue.UUID, subject: DummyValue.STRING }] })
  async begin(t: NewTrace): Promise<string> {
    const [row]: { id: string }[] = await this.ds.query(`INSERT INTO traces (created_by, name, host_id, subject) VALUES ($1, $2, $3::uuid, $4) RETURNING id`, [
      t.createdBy,
      t.name,
      t.hostId,
      t.subject,
    ]);
    return row.id;
  }

  @GenerateSql({ params: [DummyValue.UUID, 0, Buffer.alloc(0)] })
  async appendChunk(id: string, seq: number, data: Buffer): Promise<void> {
    await this.ds.query(`INSERT INTO trace_chunks (trace_id, seq, data) VALUES ($1, $2, $3)`, [id, seq, data]);
  }

  /** The whole body is stored and parsed clean: the trace is queued for analysis. */
  @GenerateSql({ params: [DummyValue.UUID, { bytes: 1, events: 1, storedBytes: 1 }] })
  async finishUpload(id: string, size: { bytes: number; events: number; storedBytes: number }): Promise<void> {
    await this.ds.query(
      `UPDATE traces SET status = 'queued', bytes = $2, events = $3, stored_bytes = $4, updated_at = now() WHERE id = $1 AND status = 'uploading'`,
      [id, size.bytes, size.events, size.storedBytes],
    );
  }

  /** A refused or broken upload leaves nothing behind (its chunks go with it). */
  @GenerateSql({ params: [DummyValue.UUID] })
  async discard(id: string): Promise<void> {
    await this.ds.query(`DELETE FROM traces WHERE id = $1`, [id]);
  }

  /** Uploads cut off without an answer (the process died mid-body), untouched for `minutes`. */
  @GenerateSql({ params: [60] })
  async discardAbandonedUploads(minutes: number): Promise<number> {
    const rows: unknown[] = await this.ds.query(
      `DELETE FROM traces WHERE status = 'uploading' AND updated_at < now() - make_interval(mins => $1) RETURNING id`,
      [minutes],
    );
    return rows.length;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async get(id: string): Promise<TraceRow | null> {
    const rows: TraceRow[] = await this.ds.query(
      `SELECT ${ITEM}, t.analysis FROM traces t LEFT JOIN hosts h ON h.id = t.host_id WHERE t.id = $1 AND t.status <> 'uploading'`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Newest first; up to limit + 1 rows (one more says there is a next page). */
  @GenerateSql(
    { name: 'first page', params: [{}, null, 50] },
    {
      name: 'host and subject, after a cursor',
      params: [{ hostId: DummyValue.UUID, subject: DummyValue.STRING }, { v: '2026-01-01T00:00:00Z', id: DummyValue.UUID }, 50],
    },
  )
  async list(filter: TraceFilter, after: KeysetCursor | null, limit: number): Promise<{ total: number; rows: TraceRow[] }> {
    const params: unknown[] = [];
    const where = [`t.status <> 'uploading'`];
    if (filter.hostId) {
      params.push(filter.hostId);
      where.push(`t.host_id = $${params.length}::uuid`);
    }
    if (filter.subject) {
      params.push(filter.subject);
      where.push(`t.subject = $${params.length}`);
    }
    const [{ n }]: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n FROM traces t WHERE ${where.join(' AND ')}`, params);
    if (after) {
      params.push(after.v, after.id);
      where.push(`(t.created_at, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows: TraceRow[] = await this.ds.query(
      `SELECT ${ITEM} FROM traces t LEFT JOIN hosts h ON h.id = t.host_id WHERE ${where.join(' AND ')} ORDER BY t.created_at DESC, t.id DESC LIMIT $${params.length}`,
      params,
    );
    return { total: n, rows };
  }

  /** One stored chunk, or null past the last: readers fetch one at a time, so a trace is never held whole. */
  @GenerateSql({ params: [DummyValue.UUID, 0] })
  async chunk(id: string, seq: number): Promise<Buffer | null> {
    const rows: { data: Buffer }[] = await this.ds.query(`SELECT data FROM trace_chunks WHERE trace_id = $1 AND seq = $2`, [id, seq]);
    return rows[0]?.data ?? null;
  }

  /** Claims a queued trace (or one whose run was cut short) for analysis; false when it is done, failed or gone. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async start(id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `UPDATE traces SET status = 'running', progress = 0, error = NULL, updated_at = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  @GenerateSql({ params: [DummyValue.UUID, 0.5] })
  async progress(id: string, fraction: number): Promise<void> {
    await this.ds.query(`UPDATE traces SET progress = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [id, fraction]);
  }

  @GenerateSql({ params: [DummyValue.UUID, { events: 1 }] })
  async complete(id: string, analysis: unknown): Promise<void> {
    await this.ds.query(`UPDATE traces SET status = 'done', progress = 1, analysis = $2::jsonb, error = NULL, updated_at = now() WHERE id = $1`, [
      id,
      JSON.stringify(analysis),
    ]);
  }

  @GenerateSql({ params: [DummyValue.UUID, DummyValue.STRING] })
  async fail(id: string, message: string): Promise<void> {
    await this.ds.query(`UPDATE traces SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [id, message.slice(0, 4000)]);
  }

  /** Traces queued or running but untouched for `seconds`: their job may be lost. */
  @GenerateSql({ params: [600, 100] })
  async stranded(seconds: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM traces WHERE status IN ('queued', 'running') AND updated_at < now() - make_interval(secs => $1) ORDER BY updated_at LIMIT $2`,
      [seconds, limit],
    );
    return rows.map((r) => r.id);
  }
}
