import { Injectable } from '@nestjs/common';
import { checkLabels } from '@memfleet/contracts';
import { applySilences } from '@memfleet/evaluation';
import { HostsRepository, SilencesRepository, type SilenceState } from '@memfleet/persistence';
import { ruleById } from '@memfleet/rules';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { futureTimestamp } from '../common/future-timestamp';
import { invalidFields, ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { CreateSilenceDto, SilenceDto, SilencesQueryDto } from './dto/silences.dto';

@Injectable()
export class SilencesService {
  constructor(
    private readonly silences: SilencesRepository,
    private readonly hosts: HostsRepository,
    private readonly activity: ActivityService,
  ) {}

  async create(dto: CreateSilenceDto, by: Principal): Promise<SilenceDto> {
    const author = by.kind === 'api' ? by.name : 'agent';
    if (!ruleById(dto.ruleId)) throw invalidFields([{ path: 'ruleId', reason: `no rule ${dto.ruleId}` }]);
    if (!dto.expiresAt === !dto.durationHours) throw invalidFields([{ path: 'expiresAt', reason: 'give exactly one of expiresAt or durationHours' }]);
    const expires = dto.expiresAt ? futureTimestamp(dto.expiresAt, 'expiresAt') : new Date(Date.now() + dto.durationHours! * 3600_000);
    const badLabels = dto.labels ? checkLabels(dto.labels, 'labels') : [];
    if (badLabels.length) throw invalidFields(badLabels);
    if (dto.hostId && !(await this.hosts.exists(dto.hostId))) throw invalidFields([{ path: 'hostId', reason: 'no such host' }]);
    const silence = { ruleId: dto.ruleId, hostId: dto.hostId ?? null, labelSelector: dto.labels ?? null, reason: dto.reason, author, expiresAt: expires };
    const id = await this.activity.recorded(
      by,
      (m) => this.silences.create(silence, m),
      (created) => ({
        action: 'silence.created',
        targetType: 'silence',
        targetId: created,
        details: { ruleId: dto.ruleId, hostId: silence.hostId, labels: silence.labelSelector, reason: dto.reason, expiresAt: expires.toISOString() },
      }),
    );
    await this.apply(dto.ruleId);
    return this.get(id);
  }

  async list(q: SilencesQueryDto): Promise<SilenceDto[]> {
    return wire(await this.silences.list((q.state ?? 'active') as SilenceState, q.ruleId));
  }

  async get(id: string): Promise<SilenceDto> {
    const row = await this.silences.get(id);
    if (!row) throw new ProblemException(404, 'not-found', `No silence ${id}.`);
    return wire(row);
  }

  async revoke(id: string, by: Principal): Promise<void> {
    const ruleId = await this.activity.recorded(
      by,
      (m) => this.silences.revoke(id, m),
      (rule) => (rule ? { action: 'silence.revoked', targetType: 'silence', targetId: id, details: { ruleId: rule } } : null),
    );
    if (!ruleId) throw new ProblemException(404, 'not-found', `No active silence ${id}.`);
    await this.apply(ruleId);
  }

  /** Re-applies a rule's silences to its findings and recounts the hosts that changed. */
  apply(ruleId: string): Promise<number> {
    return applySilences(this.silences, this.hosts, ruleId);
  }
}
