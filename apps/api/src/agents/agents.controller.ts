import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AgentOnly, ApiRateLimited, Public } from '../auth/auth.decorators';
import type { AccessRequest } from '../auth/bearer';
import { clientAddressKey } from '../auth/client-address';
import { ProblemDto } from '../common/problem.dto';
import { AgentsService } from './agents.service';
import { AgentRulesDto } from './dto/agent-rules.dto';
import { EnrollRequestDto, EnrollResponseDto } from './dto/enroll.dto';

@ApiTags('agents')
@Controller('api/v1/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Post('enroll')
  @Public()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Exchange an enroll secret for a per-host agent token',
    description:
      'A machine that is already a host enrolls again only with an admin re-enroll grant (POST /api/v1/hosts/{id}/re-enroll-grant), ' +
      "which revokes the host's previous agent tokens; without one the answer is 409 and nothing changes.",
  })
  @ApiResponse({ status: 201, type: EnrollResponseDto })
  @ApiResponse({ status: 400, type: ProblemDto, description: 'Invalid fields' })
  @ApiResponse({ status: 401, type: ProblemDto, description: 'Wrong, expired or revoked enroll secret' })
  @ApiResponse({ status: 409, type: ProblemDto, description: 'The machine is already enrolled (problem type host-already-enrolled, with its hostId)' })
  @ApiRateLimited('Over MEMFLEET_RATE_ENROLL_FAILURES_PER_MINUTE failed attempts from this address')
  enroll(@Body() dto: EnrollRequestDto, @Req() req: AccessRequest): Promise<EnrollResponseDto> {
    return this.agents.enroll(dto, req.clientAddressKey ?? clientAddressKey(req.ip));
  }

  @Get('rules')
  @AgentOnly()
  @ApiSecurity('bearer')
  @ApiOperation({ summary: "The catalogue revision and thresholds in force, for the agent's local check (agent token)" })
  @ApiResponse({ status: 200, type: AgentRulesDto })
  @ApiResponse({ status: 401, type: ProblemDto })
  @ApiResponse({ status: 403, type: ProblemDto, description: 'Not an agent token' })
  rules(): Promise<AgentRulesDto> {
    return this.agents.rules();
  }
}
