import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { ReevaluationDto, StartReevaluationDto } from './dto/reevaluation.dto';
import { ReevaluationsService } from './reevaluations.service';

@ApiTags('rules')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@RequireRole('viewer')
@Controller('api/v1/reevaluations')
export class ReevaluationsController {
  constructor(private readonly reevaluations: ReevaluationsService) {}

  @Get()
  @ApiOperation({ summary: 'Recent background re-evaluations (after rule or threshold changes), newest first' })
  @ApiResponse({ status: 200, type: [ReevaluationDto] })
  list(): Promise<ReevaluationDto[]> {
    return this.reevaluations.recent();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress of one re-evaluation' })
  @ApiResponse({ status: 200, type: ReevaluationDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  get(@Param('id', uuidParam('id')) id: string): Promise<ReevaluationDto> {
    return this.reevaluations.get(id);
  }

  @Post()
  @RequireRole('admin')
  @HttpCode(202)
  @ApiOperation({ summary: "Re-evaluate every host's latest report now (admin)" })
  @ApiResponse({ status: 202, type: ReevaluationDto })
  @ApiResponse({ status: 403, type: ProblemDto })
  start(@Body() body: StartReevaluationDto, @CurrentPrincipal() p: Principal): Promise<ReevaluationDto> {
    return this.reevaluations.start(body.reason, p);
  }
}
