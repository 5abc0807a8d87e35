import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DeliveryService, DenyList, destinationProblems } from '@memfleet/alerts';
import {
  AuditSchedulesRepository,
  DeliveriesRepository,
  DestinationsRepository,
  type DeliveryStatus,
  type DestinationRow,
  type DestinationType,
} from '@memfleet/persistence';
import { APP_CONFIG, type AppConfig } from '@memfleet/platform';
import { ActivityService, type ActivityEntry } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { invalidFields, ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import { urlOrigin } from './url-origin';
import type {
  CreateDestinationDto,
  CreatedDestinationDto,
  DeliveriesQueryDto,
  DeliveryPageDto,
  DestinationDto,
  TestDeliveryDto,
  UpdateDestinationDto,
} from './dto/destinations.dto';

const actorName = (p: Principal) => (p.kind === 'api' ? p.name : null);
const toDto = ({ createdBy: _c, ...row }: DestinationRow): DestinationDto => wire(row);
const notFound = (id: string) => new ProblemException(404, 'not-found', `No destination ${id}.`);
const duplicate = (name: string) =>
  new ProblemException(409, 'conflict', `A destination named "${name}" exists.`, { errors: [{ path: 'name', reason: 'is taken' }] });

@Injectable()
export class DestinationsService {
  constructor(
    private readonly destinations: DestinationsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly schedules: AuditSchedulesRepository,
    private readonly delivery: DeliveryService,
    private readonly deny: DenyList,
    private readonly activity: ActivityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateDestinationDto, by: Principal): Promise<CreatedDestinationDto> {
    const type = dto.type as DestinationType;
    const input = { type, url: dto.url ?? null, to: dto.to ?? null, secret: dto.secret ?? null };
    const problems = destinationProblems(input, this.deny);
    if (problems.length) throw invalidFields(problems);
    // A webhook always signs: without a secret from the admin, one is made and shown once.
    const generated = type === 'webhook' && !input.secret ? randomBytes(32).toString('base64url') : null;
    const row = await this.activity.recorded(
      by,
      (m) => this.destinations.create({ name: dto.name, ...input, secret: input.secret ?? generated }, actorName(by), m),
      (r) =>
        r === 'duplicate'
          ? null
          : {
              action: 'destination.created',
              targetType: 'destination',
              targetId: r.id,
              details: { name: r.name, type: r.type, url: urlOrigin(r.url), to: r.to },
            },
    );
    if (row === 'duplicate') throw duplicate(dto.name);
    return { ...toDto(row), ...(generated ? { secret: generated } : {}) };
  }

  async list(): Promise<DestinationDto[]> {
    return (await this.destinations.list()).map(toDto);
  }

  async get(id: string): Promise<DestinationDto> {
    const row = await this.destinations.get(id);
    if (!row) throw notFound(id);
    return toDto(row);
  }

  async update(id: string, dto: UpdateDestinationDto, by: Principal): Promise<DestinationDto> {
    const current = await this.destinations.target(id);
    if (!current) throw notFound(id);
    const next = { type: current.type, url: dto.url ?? current.url, to: dto.to ?? current.to, secret: dto.secret ?? null };
    const problems = destinationProblems(next, this.deny);
    if (problems.length) throw invalidFields(problems);
    const name = dto.name ?? current.name;
    // The entry names the changed fields; a new secret is named, never shown, and a new URL only by its origin.
    const changed = (['name', 'url', 'to', 'secret'] as const).filter((k) => dto[k] !== undefined);
    const url = dto.url !== undefined ? { url: urlOrigin(next.url) } : {};
    const row = await this.activity.recorded(
      by,
      (m) => this.destinations.update(id, { name, ...next }, m),
      (r) =>
        r && r !== 'duplicate' ? { action: 'destination.updated', targetType: 'destination', targetId: id, details: { name: r.name, changed, ...url } } : null,
    );
    if (row === 'duplicate') throw duplicate(name);
    if (!row) throw notFound(id);
    return toDto(row);
  }

  /** Deletes it and, in the same transaction, takes it out of every audit schedule naming it (each recorded as that schedule's change). */
  async remove(id: string, by: Principal): Promise<void> {
    const gone = await this.activity.recorded(
      by,
      async (m) => {
        const name = await this.destinations.remove(id, m);
        return name === null ? null : { name, schedules: await this.schedules.dropDestination(id, m) };
      },
      (r): ActivityEntry[] | null =>
        r && [
          { action: 'destination.deleted', targetType: 'destination', targetId: id, details: { name: r.name, schedules: r.schedules.map((s) => s.id) } },
          ...r.schedules.map((s): ActivityEntry => ({
            action: 'audit-schedule.updated',
            targetType: 'audit-schedule',
            targetId: s.id,
            details: { name: s.name, changed: { destinationIds: { old: s.old, new: s.new } }, reason: `destination "${r.name}" deleted` },
          })),
        ],
    );
    if (!gone) throw notFound(id);
  }

  async deliveryPage(id: string, q: DeliveriesQueryDto): Promise<DeliveryPageDto> {
    if (!(await this.destinations.get(id))) throw notFound(id);
    const limit = q.limit ?? 50;
    const { total, rows } = await this.deliveries.page(id, (q.status as DeliveryStatus | undefined) ?? null, decodeCursor(q.cursor, 'timestamp'), limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: wire(page),
      nextCursor: rows.length > limit && last ? encodeCursor({ v: last.createdAt.toISOString(), id: last.id }) : null,
      total,
    };
  }

  async sendTest(id: string, by: Principal): Promise<TestDeliveryDto> {
    const actor = actorName(by);
    const d = await this.destinations.get(id);
    if (!d) throw notFound(id);
    const deliveryId = await this.delivery.enqueue(d.id, 'test', {
      title: `memfleet test message for ${d.name}`,
      text: `A test message from memfleet to the ${d.type} destination "${d.name}"${actor ? `, sent by ${actor}` : ''}. Alerts and audits sent here look like this.`,
      url: this.config.publicUrl,
      alerts: [],
    });
    await this.activity.record(by, { action: 'destination.tested', targetType: 'destination', targetId: d.id, details: { name: d.name, deliveryId } });
    return { deliveryId };
  }
}
