import { pipeline } from 'node:stream';
import { Injectable, type StreamableFile } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Outcome, Severity } from '@memfleet/contracts';
import { csvHeader, crlfRecords } from '@memfleet/exports';
import { findingSortKind, FindingsRepository, servesCopyOut, type FindingFilter, type FindingRow } from '@memfleet/persistence';
import { decodeCursor, encodeCursor, parseLabels } from '../common/cursor';
import { keysetRows, listExportFile, listExportStream } from '../common/list-export';
import { wire } from '../common/wire';
import type { FindingPageDto, FindingsExportQueryDto, FindingsQueryDto } from './dto/findings.dto';
import { FINDING_CSV_COLUMNS } from './findings-export';

const filterOf = (query: FindingsQueryDto | FindingsExportQueryDto): FindingFilter => ({
  outcome: query.outcome as Outcome | undefined,
  severity: query.severity as Severity | undefined,
  rule: query.rule,
  silenced: query.silenced,
  hostId: query.hostId,
  labels: parseLabels(query.label),
});

@Injectable()
export class FindingsService {
  constructor(
    private readonly findings: FindingsRepository,
    private readonly ds: DataSource,
  ) {}

  async list(query: FindingsQueryDto): Promise<FindingPageDto> {
    const filter = filterOf(query);
    const limit = query.limit ?? 50;
    const sort = query.sort ?? '-lastSeenAt';
    const { total, rows } = await this.findings.list(filter, sort, decodeCursor(query.cursor, findingSortKind(sort)), limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const v = last?.sort_value instanceof Date ? last.sort_value.toISOString() : (last?.sort_value as string | number | null);
    return {
      items: page.map(({ sort_value: _s, ...f }) => wire(f)),
      nextCursor: rows.length > limit && last ? encodeCursor({ v, id: last.id }) : null,
      total,
    };
  }

  /**
   * Every finding the list would give for these filters (JSON items are the list's items). On PostgreSQL the
   * CSV is PostgreSQL's COPY of the same cells (byte for byte the file csvStream writes, at COPY speed);
   * on embedded PGlite, and for JSON, rows are read in keyset batches and formatted here.
   */
  async export(query: FindingsExportQueryDto): Promise<StreamableFile> {
    const filter = filterOf(query);
    if (query.format === 'csv' && servesCopyOut(this.ds)) {
      const copy = await this.findings.exportCsv(filter, query.sort ?? null);
      // pipeline: a client going away destroys the output, which destroys the COPY and so frees its connection.
      const file = pipeline(copy, crlfRecords(csvHeader(FINDING_CSV_COLUMNS)), () => undefined);
      return listExportStream('findings', 'csv', file);
    }
    const rows = await keysetRows<FindingRow>((after, limit) => this.findings.exportBatch(filter, query.sort ?? null, after, limit));
    return listExportFile('findings', query.format, rows, FINDING_CSV_COLUMNS);
  }
}
