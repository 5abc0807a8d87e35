import { Injectable } from '@nestjs/common';
import type { Role } from '@memfleet/contracts';
import { SessionsRepository, TokensRepository } from '@memfleet/persistence';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { hashToken, newToken } from '../auth/token-hash';
import { TokenService } from '../auth/token.service';
import { futureTimestamp } from '../common/future-timestamp';
import { ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { CreatedTokenDto, TokenDto } from './dto/tokens.dto';

const MAX_LIFETIME_MS = 10 * 365.25 * 86_400_000;

/** API tokens for people and scripts: listed, created (the secret shown once) and revoked by admins. */
@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly sessions: SessionsRepository,
    private readonly resolver: TokenService,
    private readonly activity: ActivityService,
  ) {}

  async list(): Promise<TokenDto[]> {
    return wire(await this.tokens.listApiTokens());
  }

  async create(name: string, role: Role, by: Principal, expiresAtRaw?: string): Promise<CreatedTokenDto> {
    const createdBy = by.kind === 'api' ? by.name : null;
    const expiresAt = expiresAtRaw === undefined ? null : futureTimestamp(expiresAtRaw, 'expiresAt', MAX_LIFETIME_MS);
    const token = newToken('mfa');
    const expires = expiresAt?.toISOString() ?? null;
    const id = await this.activity.recorded(
      by,
      (m) => this.tokens.createApiToken({ name, role, tokenHash: hashToken(token), createdBy, expiresAt }, m),
      (created) => ({ action: 'token.created', targetType: 'token', targetId: created, details: { name, role, expiresAt: expires } }),
    );
    return { id, name, role, token, expiresAt: expires };
  }

  async revoke(id: string, by: Principal): Promise<void> {
    const revoked = await this.activity.recorded(
      by,
      async (m) => {
        const name = await this.tokens.revokeApiToken(id, m);
        // Its sessions end with it (they could not be used anyway): the list of open sessions shows it.
        if (name) await this.sessions.revokeTokenSessions(id, m);
        return name;
      },
      (name) => (name ? { action: 'token.revoked', targetType: 'token', targetId: id, details: { name } } : null),
    );
    if (!revoked) throw new ProblemException(404, 'not-found', `No active token ${id}.`);
    await this.resolver.invalidate();
  }
}
