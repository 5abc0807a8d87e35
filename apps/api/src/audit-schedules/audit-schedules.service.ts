import { Injectable } from '@nestjs/common';
import { DEFAULT_SCHEDULE_FORMATS, AuditSchedulesSync } from '@memfleet/audit-schedules';
import { checkLabels, type FieldError } from '@memfleet/contracts';
import { AuditSchedulesRepository, DestinationsRepository, type AuditSchedulePatch, type AuditScheduleRow } from '@memfleet/persistence';
import { parseCron } from '@memfleet/platform';
import type { EntityManager } from 'typeorm';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { invalidFields, ProblemException } from '../common/problem.exception';
import type { AuditScheduleDto, AuditSchedulePageDto, AuditSchedulesQueryDto, CreateAuditScheduleDto, UpdateAuditScheduleDto } from './dto/audit-schedules.dto';

/** Fields an `audit-schedule.updated` entry compares, old → new. */
const LOGGED = ['name', 'cron', 'timeZone', 'scope', 'formats', 'destinationIds', 'enabled'] as const;

/**
 * Audit schedules: the rows, each change with its activity entry in one transaction, and through
 * AuditSchedulesSync their job schedulers, written after each change. Destination ids must name destinations.
 */
@Injectable()
export class AuditSchedulesService {
  constructor(
    private readonly schedules: AuditSchedulesRepository,
    private readonly sync: AuditSchedulesSync,
    private readonly destinations: DestinationsRepository,
    private readonly activity: ActivityService,
  ) {}

  async create(dto: CreateAuditScheduleDto, by: Principal): Promise<AuditScheduleDto> {
    const timeZone = this.checked(dto.cron, dto.timeZone ?? 'UTC', dto.scope);
    const destinationIds = normalIds(dto.destinationIds) ?? [];
    const row = await this.activity.recorded(
      by,
      async (m) => {
        await this.checkDestinations(destinationIds, m);
        return this.schedules.create(
          {
            name: dto.name,
            cron: dto.cron.trim(),
            timeZone,
            scope: dto.scope ?? {},
            formats: dto.formats ?? DEFAULT_SCHEDULE_FORMATS,
            destinationIds,
            enabled: dto.enabled ?? true,
            createdBy: by.kind === 'api' ? by.name : 'agent',
          },
          m,
        );
      },
      (r) => (r === 'name-taken' ? null : { action: 'audit-schedule.created', targetType: 'audit-schedule', targetId: r.id, details: described(r) }),
    );
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

  async update(id: string, dto: UpdateAuditScheduleDto, by: Principal): Promise<AuditScheduleDto> {
    const current = await this.found(id);
    // The expression and the zone are checked together: a new zone is read with the stored expression, and so on.
    const timeZone = this.checked(dto.cron ?? current.cron, dto.timeZone ?? current.timeZone, dto.scope);
    const patch: AuditSchedulePatch = {
      name: dto.name,
      cron: dto.cron?.trim(),
      timeZone: dto.timeZone === undefined ? undefined : timeZone,
      scope: dto.scope,
      formats: dto.formats,
      destinationIds: normalIds(dto.destinationIds),
      enabled: dto.enabled,
    };
    const row = await this.activity.recorded(
      by,
      async (m) => {
        if (patch.destinationIds) await this.checkDestinations(patch.destinationIds, m);
        return this.schedules.update(id, patch, m);
      },
      (r) =>
        r && r !== 'name-taken'
          ? { action: 'audit-schedule.updated', targetType: 'audit-schedule', targetId: id, details: { name: r.name, changed: changes(current, r) } }
          : null,
    );
    if (row === 'name-taken') throw nameTaken(dto.name!);
    if (!row) throw notFound(id);
    // From the stored row, not this request's: of two writes at once, the scheduler follows the later.
    await this.sync.refresh(id);
    return toDto(row);
  }

  async remove(id: string, by: Principal): Promise<void> {
    const gone = await this.activity.recorded(
      by,
      (m) => this.schedules.remove(id, m),
      (r) => (r ? { action: 'audit-schedule.deleted', targetType: 'audit-schedule', targetId: id, details: described(r) } : null),
    );
    if (!gone) throw notFound(id);
    await this.sync.remove(id);
  }

  private async found(id: string): Promise<AuditScheduleRow> {
    const row = await this.schedules.get(id);
    if (!row) throw notFound(id);
    return row;
  }

  /** A 400 naming `destinationIds[<index>]` for each id that names no destination (checked in the change's transaction). */
  private async checkDestinations(ids: string[], m: EntityManager): Promise<void> {
    const known = await this.destinations.existing(ids, m);
    const errors = ids.flatMap((d, i) => (known.has(d) ? [] : [{ path: `destinationIds[${i}]`, reason: `names no destination (${d})` }]));
    if (errors.length) throw invalidFields(errors);
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

// Stored lower-case, as PostgreSQL writes a uuid, so a deleted destination's id is found in every schedule naming it.
const normalIds = (ids: string[] | undefined) => ids?.map((d) => d.toLowerCase());

const described = (r: AuditScheduleRow) => ({ name: r.name, cron: r.cron, timeZone: r.timeZone, scope: r.scope });

/** The fields that differ, each as { old, new }. */
function changes(before: AuditScheduleRow, after: AuditScheduleRow): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const k of LOGGED) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { old: before[k], new: after[k] };
  return out;
}

function toDto(row: AuditScheduleRow): AuditScheduleDto {
  const parsed = row.enabled ? parseCron(row.cron, row.timeZone) : null;
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    nextRunAt: parsed?.ok && parsed.next ? parsed.next.toISOString() : null,
  };
}
