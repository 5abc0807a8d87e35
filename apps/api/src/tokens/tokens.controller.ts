import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Role } from '@memfleet/contracts';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { CreateTokenDto, CreatedTokenDto, TokenDto, WhoAmIDto } from './dto/tokens.dto';
import { TokensService } from './tokens.service';

@ApiTags('auth')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@RequireRole('viewer')
@Controller('api/v1')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

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
    return this.tokens.list();
  }

  @Post('tokens')
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an API token with a role and an optional expiry (admin)' })
  @ApiResponse({ status: 201, type: CreatedTokenDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 403, type: ProblemDto })
  create(@Body() dto: CreateTokenDto, @CurrentPrincipal() p: Principal): Promise<CreatedTokenDto> {
    return this.tokens.create(dto.name, dto.role as Role, p, dto.expiresAt);
  }

  @Delete('tokens/:id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token (admin)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 404, type: ProblemDto })
  revoke(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() p: Principal): Promise<void> {
    return this.tokens.revoke(id, p);
  }
}
