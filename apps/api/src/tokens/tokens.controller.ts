import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { hashToken, newToken } from '../auth/token-hash';
import { TokenService } from '../auth/token.service';
import { ProblemDto } from '../common/problem.dto';
import { ProblemException } from '../common/problem.exception';
import { uuidParam } from '../common/uuid-param';
import { CreateTokenDto, CreatedTokenDto, TokenDto, WhoAmIDto } from './dto/tokens.dto';

@ApiTags('auth')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@Controller('api/v1')
export class TokensController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly tokens: TokenService,
  ) {}

  @Get('auth/whoami')
  @ApiOperation({ summary: 'The caller and its role' })
  @ApiResponse({ status: 200, type: WhoAmIDto })
  whoami(@CurrentPrincipal() p: Principal): WhoAmIDto {
    return p.kind === 'api' ? { kind: 'api', name: p.name, role: p.role } : { kind: 'agent', name: p.hostId, role: 'agent' };
  }

  @Get('tokens')
  @RequireRole('admin')
  @ApiOperation({ summary: 'API tokens (admin); secrets are never shown again' })
  @ApiResponse({ status: 200, type: [TokenDto] })
  list(): Promise<TokenDto[]> {
    return this.ds.query(
      `SELECT id, name, role, created_at AS "createdAt", created_by AS "createdBy", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
         FROM api_tokens ORDER BY created_at`,
    );
  }

  @Post('tokens')
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an API token with a role (admin)' })
  @ApiResponse({ status: 201, type: CreatedTokenDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 403, type: ProblemDto })
  async create(@Body() dto: CreateTokenDto, @CurrentPrincipal() p: Principal): Promise<CreatedTokenDto> {
    const token = newToken('mfa');
    const [row] = await this.ds.query(`INSERT INTO api_tokens (name, role, token_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
      dto.name,
      dto.role,
      hashToken(token),
      p.kind === 'api' ? p.name : null,
    ]);
    return { id: row.id, name: dto.name, role: dto.role, token };
  }

  @Delete('tokens/:id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token (admin)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 404, type: ProblemDto })
  async revoke(@Param('id', uuidParam('id')) id: string): Promise<void> {
    const rows: unknown[] = await this.ds.query(`WITH revoked AS (UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id) SELECT id FROM revoked`, [id]);
    if (!rows.length) throw new ProblemException(404, 'not-found', `No active token ${id}.`);
    this.tokens.invalidate();
  }
}
