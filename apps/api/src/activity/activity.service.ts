import { Inject, Injectable } from '@nestjs/common';
import type { ActivityAction, ActivityTargetType } from '@memfleet/contracts';
import { ActivityRepository } from '@memfleet/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { invalidFields } from '../common/problem.exception';
import { wire } from '../common/wire';
import { activityActor } from './activity-actor';
import type { ActivityPageDto, ActivityQueryDto } from './dto/activity.dto';

export interface ActivityEntry {
  action: ActivityAction;
  targetType: ActivityTargetType;
  targetId: string | null;
  /** What changed, never a secret or a token value. */
  details?: Record<string, unknown>;
}

const CURSOR = /^[1-9]\d{0,18}$/;

/** Records admin and operator actions (each feature's service, with its change or right after it), and pages the log. */
@Injectable()
export class ActivityService {
  constructor(
    private readonly activity: ActivityRepository,
    @Inject(DataSource) private readonly ds: DataSource,
  ) {}

  /**
   * Runs `change` and records the entry `entryOf` makes of its result in one transaction, so the log holds
   * an action exactly when it happened. `entryOf` returns null when nothing changed: nothing is recorded; a list
   * when the change touched several targets (a deleted destination taken out of schedules).
   */
  recorded<T>(by: Principal, change: (m: EntityManager) => Promise<T>, entryOf: (result: NoInfer<T>) => ActivityEntry | ActivityEntry[] | null): Promise<T> {
    return this.ds.transaction(async (m) => {
      const result = await change(m);
      const entry = entryOf(result);
      for (const e of entry === null ? [] : Array.isArray(entry) ? entry : [entry]) await this.record(by, e, m);
      return result;
    });
  }

  /** Records `entry` as done by `by`; with `manager`, inside that transaction. */
  async record(by: Principal, entry: ActivityEntry, manager?: EntityManager): Promise<void> {
    await this.activity.record({ ...activityActor(by), ...entry }, manager);
  }

  async page(q: ActivityQueryDto): Promise<ActivityPageDto> {
    const limit = q.limit ?? 50;
    const { total, rows } = await this.activity.page(
      { action: q.action, actor: q.actor, targetType: q.targetType, since: q.since ? new Date(q.since) : undefined },
      decodeActivityCursor(q.cursor),
      limit,
    );
    const page = rows.slice(0, limit);
    const more = rows.length > limit;
    return { items: wire(page), nextCursor: more ? Buffer.from(page[page.length - 1].id).toString('base64url') : null, total };
  }
}

/** The id of the last entry of the previous page; anything else is a 400 at `query.cursor`. */
function decodeActivityCursor(raw: string | undefined): string | null {
  if (!raw) return null;
  const id = /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, 'base64url').toString() : '';
  if (!CURSOR.test(id) || BigInt(id) > 2n ** 63n - 1n) throw invalidFields([{ path: 'query.cursor', reason: 'is not a cursor this API returned' }]);
  return id;
}
