import { Injectable } from '@nestjs/common';
import type { Role } from '@memfleet/contracts';
import { TokensRepository } from '@memfleet/persistence';
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
    private readonly resolver: TokenService,
  ) {}

  async list(): Promise<TokenDto[]> {
    return wire(await this.tokens.listApiTokens());
  }

  async create(name: string, role: Role, createdBy: string | null, expiresAtRaw?: string): Promise<CreatedTokenDto> {
    const expiresAt = expiresAtRaw === undefined ? null : futureTimestamp(expiresAtRaw, 'expiresAt', MAX_LIFETIME_MS);
    const token = newToken('mfa');
    const id = await this.tokens.createApiToken({ name, role, tokenHash: hashToken(token), createdBy, expiresAt });
    return { id, name, role, token, expiresAt: expiresAt?.toISOString() ?? null };
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.tokens.revokeApiToken(id))) throw new ProblemException(404, 'not-found', `No active token ${id}.`);
    await this.resolver.invalidate();
  }
}
