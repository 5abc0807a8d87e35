import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { AgentTokensService } from './agent-tokens.service';
import { AgentTokenDto, ReenrollGrantDto, ReenrollGrantRequestDto } from './dto/agent-tokens.dto';

@ApiTags('hosts')
@ApiSecurity('bearer')
@ApiResponse({ status: 400, type: ProblemDto })
@ApiResponse({ status: 401, type: ProblemDto })
@ApiResponse({ status: 403, type: ProblemDto })
@ApiResponse({ status: 404, type: ProblemDto })
@Controller('api/v1/hosts')
export class AgentTokensController {
  constructor(private readonly agentTokens: AgentTokensService) {}

  @Get(':id/agent-tokens')
  @RequireRole('admin')
  @ApiOperation({ summary: "A host's agent tokens, newest first, revoked ones too; never the secret (admin)" })
  @ApiResponse({ status: 200, type: [AgentTokenDto] })
  list(@Param('id', uuidParam('id')) id: string): Promise<AgentTokenDto[]> {
    return this.agentTokens.list(id);
  }

  @Delete(':id/agent-tokens/:tokenId')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an agent token of a host (admin)' })
  @ApiResponse({ status: 204 })
  revoke(@Param('id', uuidParam('id')) id: string, @Param('tokenId', uuidParam('tokenId')) tokenId: string, @CurrentPrincipal() p: Principal): Promise<void> {
    return this.agentTokens.revoke(id, tokenId, p);
  }

  @Post(':id/re-enroll-grant')
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Let the host enroll again once before the grant expires (admin)',
    description:
      "The next enroll of the host's machine-id uses the grant up and revokes the host's previous agent tokens. A new grant replaces an earlier one.",
  })
  @ApiResponse({ status: 201, type: ReenrollGrantDto })
  grant(@Param('id', uuidParam('id')) id: string, @Body() body: ReenrollGrantRequestDto, @CurrentPrincipal() p: Principal): Promise<ReenrollGrantDto> {
    return this.agentTokens.grantReenroll(id, body.expiresAt, p);
  }
}
