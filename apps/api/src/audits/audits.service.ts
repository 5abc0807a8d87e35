import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_STARTER, checkLabels, type AuditStarter, type AuditSummary } from '@memfleet/contracts';
import { AuditsRepository, type AuditRow } from '@memfleet/persistence';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { invalidFields, ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { AuditDetailDto, AuditItemDto, AuditPageDto, AuditsQueryDto, CreateAuditDto, StartedAuditDto } from './dto/audits.dto';

@Injectable()
export class AuditsService {
  constructor(
    private readonly audits: AuditsRepository,
    @Inject(AUDIT_STARTER) private readonly starter: AuditStarter,
  ) {}

  async start(dto: CreateAuditDto, requestedBy: string): Promise<StartedAuditDto> {
    const scope = dto.scope ?? {};
    const bad = checkLabels(scope, 'scope');
    if (bad.length) throw invalidFields(bad);
    const { id } = await this.starter.start({ scope, trigger: 'manual', scheduleId: null, requestedBy, formats: [], destinationIds: [] });
    return { id, status: 'queued' };
  }

  async list(q: AuditsQueryDto): Promise<AuditPageDto> {
    const limit = q.limit ?? 50;
    const { total, rows } = await this.audits.list({ scheduleId: q.scheduleId }, decodeCursor(q.cursor, 'timestamp'), limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(item),
      nextCursor: rows.length > limit && last ? encodeCursor({ v: new Date(last.createdAt).toISOString(), id: last.id }) : null,
      total,
    };
  }

  async get(id: string): Promise<AuditDetailDto> {
    const row = await this.audits.get(id);
    if (!row) throw new ProblemException(404, 'not-found', `No audit ${id}.`);
    return { ...item(row), summary: (row.summary as AuditSummary | null) ?? null };
  }
}

function item(row: AuditRow): AuditItemDto {
  const { formats: _f, destinationIds: _d, previousAuditId: _p, ...rest } = wire(row);
  return rest;
}
