import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { TraceDetailDto, TracePageDto, TracesQueryDto, UploadedTraceDto, UploadTraceQueryDto } from './dto/traces.dto';
import { TracesService } from './traces.service';

@ApiTags('traces')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@RequireRole('viewer')
@Controller('api/v1/traces')
export class TracesController {
  constructor(private readonly traces: TracesService) {}

  @Post()
  @RequireRole('operator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Upload an allocation trace (operator): the body is the trace text, plain or gzip; follow its analysis at GET /api/v1/traces/{id}',
  })
  @ApiConsumes('text/plain')
  @ApiBody({
    description: 'One event per line: `a <vm> <id> <size>`, `f <vm> <id> <size>`, `r <vm> <id> <oldsize> <newsize>` (see the README)',
    schema: { type: 'string' },
  })
  @ApiResponse({ status: 202, type: UploadedTraceDto })
  @ApiResponse({ status: 400, type: ProblemDto, description: 'A malformed line (`line N: reason`), bad gzip, or a bad query field.' })
  @ApiResponse({ status: 403, type: ProblemDto })
  @ApiResponse({ status: 413, type: ProblemDto, description: 'More events or bytes than MEMFLEET_TRACE_MAX_EVENTS / MEMFLEET_TRACE_MAX_BYTES.' })
  @ApiResponse({ status: 415, type: ProblemDto })
  upload(@Req() req: Request, @Query() q: UploadTraceQueryDto, @CurrentPrincipal() p: Principal): Promise<UploadedTraceDto> {
    return this.traces.upload(req, q, p);
  }

  @Get()
  @ApiOperation({ summary: 'Uploaded traces, newest first' })
  @ApiResponse({ status: 200, type: TracePageDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  list(@Query() q: TracesQueryDto): Promise<TracePageDto> {
    return this.traces.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One trace: its progress while the analysis runs, the analysis once done' })
  @ApiResponse({ status: 200, type: TraceDetailDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  get(@Param('id', uuidParam('id')) id: string): Promise<TraceDetailDto> {
    return this.traces.get(id);
  }
}
