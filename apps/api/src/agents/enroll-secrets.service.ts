import { Injectable } from '@nestjs/common';
import { EnrollSecretsRepository, type EnrollSecretRow } from '@memfleet/persistence';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { hashToken, newToken } from '../auth/token-hash';
import { futureTimestamp } from '../common/future-timestamp';
import { ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { CreatedEnrollSecretDto, EnrollSecretDto } from './dto/enroll-secrets.dto';

const MAX_AHEAD_MS = 3653 * 86_400_000;

const toDto = (r: EnrollSecretRow, now = Date.now()): EnrollSecretDto => ({
  ...wire(r),
  active: r.revokedAt === null && (r.expiresAt === null || r.expiresAt.getTime() > now),
});

/** Enroll secrets rotate: several are valid at once, each until it expires or an admin revokes it. */
@Injectable()
export class EnrollSecretsService {
  constructor(
    private readonly secrets: EnrollSecretsRepository,
    private readonly activity: ActivityService,
  ) {}

  async list(): Promise<EnrollSecretDto[]> {
    return (await this.secrets.list()).map((r) => toDto(r));
  }

  async create(name: string, expiresAt: string | undefined, by: Principal): Promise<CreatedEnrollSecretDto> {
    const createdBy = by.kind === 'api' ? by.name : null;
    const expires = expiresAt ? futureTimestamp(expiresAt, 'expiresAt', MAX_AHEAD_MS) : null;
    const secret = newToken('mfe');
    const row = await this.activity.recorded(
      by,
      (m) => this.secrets.create({ name, secretHash: hashToken(secret), createdBy, expiresAt: expires }, m),
      (created) => ({
        action: 'enroll-secret.created',
        targetType: 'enroll-secret',
        targetId: created.id,
        details: { name, expiresAt: expires?.toISOString() ?? null },
      }),
    );
    return { ...toDto(row), secret };
  }

  async revoke(id: string, by: Principal): Promise<void> {
    const revoked = await this.activity.recorded(
      by,
      (m) => this.secrets.revoke(id, m),
      (name) => (name ? { action: 'enroll-secret.revoked', targetType: 'enroll-secret', targetId: id, details: { name } } : null),
    );
    if (!revoked) throw new ProblemException(404, 'not-found', `No unrevoked enroll secret ${id}.`);
  }
}
