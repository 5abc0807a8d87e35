import { applyDecorators, Logger, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Readable } from 'node:stream';
import type { Response } from 'express';
import { csvStream, jsonArrayStream, type CsvColumn } from '@memfleet/exports';
import type { ExportRow, KeysetCursor } from '@memfleet/persistence';
import { problemType } from './problem.exception';

/** Rows per query of a list export: memory holds one batch, whatever the size of the fleet. */
export const EXPORT_BATCH_ROWS = 5000;
export const LIST_EXPORT_FORMATS = ['csv', 'json'] as const;
export type ListExportFormat = (typeof LIST_EXPORT_FORMATS)[number];

/**
 * Every row a keyset-batched query gives, two batches in memory at most: the next one is read as the consumer
 * starts on the previous (so a slow download holds no connection and no snapshot between batches). The first batch
 * is read before this resolves: a database failure is still an ordinary error answer, not a cut-off file.
 */
export async function keysetRows<T>(
  fetch: (after: KeysetCursor | null, limit: number) => Promise<ExportRow<T & { id: string }>[]>,
  batchSize = EXPORT_BATCH_ROWS,
): Promise<AsyncIterable<T & { id: string }>> {
  const first = await fetch(null, batchSize);
  const after = (batch: ExportRow<T & { id: string }>[]) => {
    const last = batch[batch.length - 1];
    return fetch({ v: last.sort_value, id: last.id }, batchSize);
  };
  async function* rows(): AsyncGenerator<T & { id: string }> {
    let batch = first;
    for (;;) {
      // The next batch is read while this one is written out: the database and the formatting overlap,
      // and memory holds two batches at most.
      const next = batch.length < batchSize ? null : after(batch);
      next?.catch(() => undefined); // a failure surfaces when awaited below, not as an unhandled rejection
      for (const { sort_value: _s, ...row } of batch) yield row as unknown as T & { id: string };
      if (!next) return;
      batch = await next;
    }
  }
  return rows();
}

export async function* mapRows<T, U>(rows: AsyncIterable<T>, map: (row: T) => U): AsyncGenerator<U> {
  for await (const row of rows) yield map(row);
}

const CONTENT_TYPES: Record<ListExportFormat, string> = { csv: 'text/csv; charset=utf-8; header=present', json: 'application/json; charset=utf-8' };
const logger = new Logger('ListExport');

/**
 * A list export as the HTTP answer: an attachment named `memfleet-<what>-<UTC time>.<format>`, streamed with
 * backpressure. A failure after the first byte aborts the connection, so a cut-off file never looks whole.
 */
export function listExportFile<T>(what: string, format: ListExportFormat, items: AsyncIterable<T>, columns: CsvColumn<T>[]): StreamableFile {
  return listExportStream(what, format, format === 'csv' ? csvStream(columns, items) : jsonArrayStream(items));
}

/** listExportFile of a stream already in `format` (e.g. a CSV PostgreSQL writes). */
export function listExportStream(what: string, format: ListExportFormat, stream: Readable): StreamableFile {
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '');
  const file = new StreamableFile(stream, { type: CONTENT_TYPES[format], disposition: `attachment; filename="memfleet-${what}-${stamp}Z.${format}"` });
  file.setErrorHandler((err, raw) => {
    logger.error(`${what} export failed: ${err.message}`);
    const res = raw as unknown as Response;
    if (res.headersSent || res.destroyed) res.destroy(err);
    else
      res
        .status(500)
        .type('application/problem+json')
        .send(JSON.stringify({ type: problemType('export-failed'), title: 'Internal Server Error', status: 500, detail: 'The export failed.' }));
  });
  return file;
}

/** OpenAPI for a list export: CSV text, or a JSON array of the list's items. */
export const ApiListExport = (item: abstract new (...args: never[]) => unknown, what: string) =>
  applyDecorators(
    ApiProduces('text/csv', 'application/json'),
    ApiResponse({
      status: 200,
      description: `Every ${what} matching the filters, as an attachment: CSV (RFC 4180, a header row, cells that start like a formula prefixed with ') or a JSON array of the list's items.`,
      headers: { 'Content-Disposition': { description: 'attachment; filename="memfleet-<what>-<UTC time>.<format>"', schema: { type: 'string' } } },
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(item) } } },
      },
    }),
  );
