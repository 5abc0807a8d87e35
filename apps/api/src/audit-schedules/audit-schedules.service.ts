import { Injectable } from '@nestjs/common';
import { DEFAULT_SCHEDULE_FORMATS, AuditSchedulesSync } from '@memfleet/audit-schedules';
import { checkLabels, type FieldError } from '@memfleet/contracts';
import { AuditSchedulesRepository, type AuditSchedulePatch, type AuditScheduleRow } from '@memfleet/persistence';
import { parseCron } from '@memfleet/platform';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { invalidFields, ProblemException } from '../common/problem.exception';
import type { AuditScheduleDto, AuditSchedulePageDto, AuditSchedulesQueryDto, CreateAuditScheduleDto, UpdateAuditScheduleDto } from './dto/audit-schedules.dto';

/**
 * Audit schedules: the rows, and through AuditSchedulesSync their job schedulers, written after each change.
 * Destination ids are checked for their form only here.
 */
@Injectable()
export class AuditSchedulesService {
  constructor(
    private readonly schedules: AuditSchedulesRepository,
    private readonly sync: AuditSchedulesSync,
  ) {}

  async create(dto: CreateAuditScheduleDto, author: string): Promise<AuditScheduleDto> {
    const timeZone = this.checked(dto.cron, dto.timeZone ?? 'UTC', dto.scope);
    const row = await this.schedules.create({
      name: dto.name,
      cron: dto.cron.trim(),
      timeZone,
      scope: dto.scope ?? {},
      formats: dto.formats ?? DEFAULT_SCHEDULE_FORMATS,
      destinationIds: dto.destinationIds ?? [],
      enabled: dto.enabled ?? true,
      createdBy: author,
    });
    if (row === 'name-taken') throw nameTaken(dto.name);
    await this.sync.apply(row);
    return toDto(row);
  }

  async list(q: AuditSchedulesQueryDto): Promise<AuditSchedulePageDto> {
    const limit = q.limit ?? 50;
    const { total, rows } = await this.schedules.list(decodeCursor(q.cursor, 'text'), limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toDto), nextCursor: rows.length > limit && last ? encodeCursor({ v: last.name, id: last.id }) : null, total };
  }

  async get(id: string): Promise<AuditScheduleDto> {
    return toDto(await this.found(id));
  }

  async update(id: string, dto: UpdateAuditScheduleDto): Promise<AuditScheduleDto> {
    const current = await this.found(id);
    // The expression and the zone are checked together: a new zone is read with the stored expression, and so on.
    const timeZone = this.checked(dto.cron ?? current.cron, dto.timeZone ?? current.timeZone, dto.scope);
    const patch: AuditSchedulePatch = {
      name: dto.name,
      cron: dto.cron?.trim(),
      timeZone: dto.timeZone === undefined ? undefined : timeZone,
      scope: dto.scope,
      formats: dto.formats,
      destinationIds: dto.destinationIds,
      enabled: dto.enabled,
    };
    const row = await this.schedules.update(id, patch);
    if (row === 'name-taken') throw nameTaken(dto.name!);
    if (!row) throw notFound(id);
    // From the stored row, not this request's: of two writes at once, the scheduler follows the later.
    await this.sync.refresh(id);
    return toDto(row);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.schedules.remove(id))) throw notFound(id);
    await this.sync.remove(id);
  }

  private async found(id: string): Promise<AuditScheduleRow> {
    const row = await this.schedules.get(id);
    if (!row) throw notFound(id);
    return row;
  }

  /** The zone's canonical name; a 400 naming `cron`, `timeZone` or `scope.<key>` when one is wrong. */
  private checked(cron: string, timeZone: string, scope: Record<string, unknown> | undefined): string {
    const errors: FieldError[] = scope ? checkLabels(scope, 'scope') : [];
    const parsed = parseCron(cron, timeZone);
    if (!parsed.ok) errors.unshift({ path: parsed.field, reason: parsed.reason });
    if (errors.length) throw invalidFields(errors);
    return parsed.ok ? parsed.tz : timeZone;
  }
}

const notFound = (id: string) => new ProblemException(404, 'not-found', `No audit schedule ${id}.`);
const nameTaken = (name: string) =>
  new ProblemException(409, 'name-taken', `An audit schedule named "${name}" exists.`, {
    errors: [{ path: 'name', reason: 'another schedule has this name' }],
  });

function toDto(row: AuditScheduleRow): AuditScheduleDto {
  const parsed = row.enabled ? parseCron(row.cron, row.timeZone) : null;
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    nextRunAt: parsed?.ok && parsed.next ? parsed.next.toISOString() : null,
  };
}
