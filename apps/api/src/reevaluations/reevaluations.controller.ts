import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { startReevaluation } from '@memfleet/evaluation';
import { JOB_QUEUE, type JobQueue } from '@memfleet/platform';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { ProblemException } from '../common/problem.exception';
import { uuidParam } from '../common/uuid-param';
import { ReevaluationDto, StartReevaluationDto } from './dto/reevaluation.dto';

const SELECT = `id, catalogue_revision AS "catalogueRevision", reason, total, done, failed, created_at AS "createdAt", finished_at AS "finishedAt"`;

@ApiTags('rules')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@Controller('api/v1/reevaluations')
export class ReevaluationsController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Recent background re-evaluations (after rule or threshold changes), newest first' })
  @ApiResponse({ status: 200, type: [ReevaluationDto] })
  list(): Promise<ReevaluationDto[]> {
    return this.ds.query(`SELECT ${SELECT} FROM reevaluation_runs ORDER BY created_at DESC LIMIT 20`);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress of one re-evaluation' })
  @ApiResponse({ status: 200, type: ReevaluationDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  async get(@Param('id', uuidParam('id')) id: string): Promise<ReevaluationDto> {
    const rows: ReevaluationDto[] = await this.ds.query(`SELECT ${SELECT} FROM reevaluation_runs WHERE id = $1`, [id]);
    if (!rows[0]) throw new ProblemException(404, 'not-found', `No re-evaluation ${id}.`);
    return rows[0];
  }

  @Post()
  @RequireRole('admin')
  @HttpCode(202)
  @ApiOperation({ summary: "Re-evaluate every host's latest report now (admin)" })
  @ApiResponse({ status: 202, type: ReevaluationDto })
  @ApiResponse({ status: 403, type: ProblemDto })
  async start(@Body() body: StartReevaluationDto, @CurrentPrincipal() p: Principal): Promise<ReevaluationDto> {
    const id = await startReevaluation(this.ds, this.queue, `${p.kind === 'api' ? p.name : 'agent'}: ${body.reason}`);
    return this.get(id);
  }
}
