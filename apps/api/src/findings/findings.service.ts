import { Injectable, type StreamableFile } from '@nestjs/common';
import type { Outcome, Severity } from '@memfleet/contracts';
import { findingSortKind, FindingsRepository, type FindingFilter, type FindingRow } from '@memfleet/persistence';
import { decodeCursor, encodeCursor, parseLabels } from '../common/cursor';
import { keysetRows, listExportFile } from '../common/list-export';
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
  constructor(private readonly findings: FindingsRepository) {}

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

  /** Every finding the list would give for these filters, streamed in batches (JSON items are the list's items). */
  async export(query: FindingsExportQueryDto): Promise<StreamableFile> {
    const filter = filterOf(query);
    const rows = await keysetRows<FindingRow>((after, limit) => this.findings.exportBatch(filter, query.sort ?? null, after, limit));
    return listExportFile('findings', query.format, rows, FINDING_CSV_COLUMNS);
  }
}
