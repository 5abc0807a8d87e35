import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AgentOnly, ApiRateLimited, CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { invalidFields } from '../common/problem.exception';
import { ReportAcceptedDto, ReportDetailDto, ReportDto } from './dto/report.dto';
import { MAX_WAIT_SECONDS, ReportIntake } from './report-intake';
import { ReportQueriesService } from './report-queries.service';

@ApiTags('reports')
@ApiSecurity('bearer')
@RequireRole('viewer')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    private readonly intake: ReportIntake,
    private readonly queries: ReportQueriesService,
  ) {}

  @Post()
  @AgentOnly()
  @HttpCode(202)
  @ApiOperation({ summary: 'Post a host report (agent token). Stores it, queues evaluation; with ?wait= answers with the findings.' })
  @ApiBody({
    type: ReportDto,
    description:
      "Report contract, schemaVersion 3: `configurationHash` always, `configuration` only when the server does not hold that hash for the host (the last 2xx answer's `configurationHash` says which it holds). Versions 2 (the same facts, the configuration always) and 1 (each process's pid and start time in its configuration rather than its metrics) are still accepted and stored in the current shape. May be gzip- or deflate-encoded.",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A replay with the same key answers as the first request did and stores nothing new.' })
  @ApiQuery({
    name: 'wait',
    required: false,
    schema: { type: 'number', minimum: 0, maximum: MAX_WAIT_SECONDS },
    description: `Seconds (0-${MAX_WAIT_SECONDS}) to wait for evaluation: 200 with findings, or 202 at the deadline.`,
  })
  @ApiResponse({ status: 202, type: ReportAcceptedDto, description: 'Stored and queued' })
  @ApiResponse({
    status: 200,
    type: ReportAcceptedDto,
    description: 'Stored and evaluated within ?wait=, or settled at once (it changed no rule input: no job ran), with the host findings',
  })
  @ApiResponse({
    status: 400,
    type: ProblemDto,
    description:
      'Invalid report (every failing field path; a configurationHash that does not match the configuration), unknown schemaVersion, malformed JSON or gzip',
  })
  @ApiResponse({ status: 401, type: ProblemDto })
  @ApiResponse({ status: 403, type: ProblemDto, description: 'The token belongs to another host, or is not an agent token' })
  @ApiResponse({
    status: 409,
    type: ProblemDto,
    description:
      'configuration-required: a report without its configuration whose configurationHash this server holds no configuration under for the host. Nothing was stored and nothing bound to the Idempotency-Key: send the whole report, under the same key.',
  })
  @ApiResponse({ status: 413, type: ProblemDto, description: 'Body over the limit after decompression' })
  @ApiResponse({
    status: 503,
    type: ProblemDto,
    headers: { 'Retry-After': { description: 'Seconds until the post may be sent again (jittered)', schema: { type: 'integer', minimum: 1 } } },
    description:
      'overloaded: this process holds MEMFLEET_INGEST_MAX_PENDING posts in progress already (the body was not read, nothing stored); or the database is unavailable. Send the report again after Retry-After.',
  })
  @ApiRateLimited('Over MEMFLEET_RATE_REPORTS_PER_MINUTE for this token')
  async create(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Query('wait') waitRaw: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReportAcceptedDto> {
    // Normally not reached: RawReportRoute serves this route ahead of Nest's router (see its file).
    const answer = await this.intake.post({ body, principal, idempotencyKey, wait: waitRaw });
    res.status(answer.status);
    return answer.body;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A report: its evaluation status and the findings it produced' })
  @ApiResponse({ status: 200, type: ReportDetailDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  get(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidFields([{ path: 'id', reason: 'must be a UUID' }]) })) id: string,
  ): Promise<ReportDetailDto> {
    return this.queries.detail(id);
  }
}
