import { Injectable } from '@nestjs/common';
import type { Role } from '@memfleet/contracts';
import { TokensRepository } from '@memfleet/persistence';
import { hashToken, newToken } from '../auth/token-hash';
import { TokenService } from '../auth/token.service';
import { ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { CreatedTokenDto, TokenDto } from './dto/tokens.dto';

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

  async create(name: string, role: Role, createdBy: string | null): Promise<CreatedTokenDto> {
    const token = newToken('mfa');
    const id = await this.tokens.createApiToken({ name, role, tokenHash: hashToken(token), createdBy });
    return { id, name, role, token };
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.tokens.revokeApiToken(id))) throw new ProblemException(404, 'not-found', `No active token ${id}.`);
    this.resolver.invalidate();
  }
}
