import { Injectable } from '@nestjs/common';
import type { Outcome, Severity } from '@memfleet/contracts';
import { findingSortKind, FindingsRepository } from '@memfleet/persistence';
import { decodeCursor, encodeCursor, parseLabels } from '../common/cursor';
import { wire } from '../common/wire';
import type { FindingPageDto, FindingsQueryDto } from './dto/findings.dto';

@Injectable()
export class FindingsService {
  constructor(private readonly findings: FindingsRepository) {}

  async list(query: FindingsQueryDto): Promise<FindingPageDto> {
    const filter = {
      outcome: query.outcome as Outcome | undefined,
      severity: query.severity as Severity | undefined,
      rule: query.rule,
      silenced: query.silenced,
      hostId: query.hostId,
      labels: parseLabels(query.label),
    };
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
}
