import { Body, Controller, Get, HttpCode, Param, Post, Query, type StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiProduces, ApiResponse, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { AuditsService } from './audits.service';
import { AuditDetailDto, AuditDocumentDto, AuditExportQueryDto, AuditPageDto, AuditsQueryDto, CreateAuditDto, StartedAuditDto } from './dto/audits.dto';

@ApiTags('audits')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@RequireRole('viewer')
@ApiExtraModels(AuditDocumentDto)
@Controller('api/v1/audits')
export class AuditsController {
  constructor(private readonly audits: AuditsService) {}

  @Post()
  @RequireRole('operator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run a fleet audit now, of the whole fleet or of the hosts a label selector picks (operator); follow it at GET /api/v1/audits/{id}',
  })
  @ApiResponse({ status: 202, type: StartedAuditDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 403, type: ProblemDto })
  start(@Body() dto: CreateAuditDto, @CurrentPrincipal() p: Principal): Promise<StartedAuditDto> {
    return this.audits.start(dto, p);
  }

  @Get()
  @ApiOperation({ summary: 'Audits, newest first' })
  @ApiResponse({ status: 200, type: AuditPageDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  list(@Query() q: AuditsQueryDto): Promise<AuditPageDto> {
    return this.audits.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One audit: its progress while it runs, its stored summary once done' })
  @ApiResponse({ status: 200, type: AuditDetailDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  get(@Param('id', uuidParam('id')) id: string): Promise<AuditDetailDto> {
    return this.audits.get(id);
  }

  @Get(':id/export')
  @ApiOperation({ summary: 'Download a finished audit as JSON, CSV, HTML or PDF' })
  @ApiProduces('application/json', 'text/csv', 'text/html', 'application/pdf')
  @ApiResponse({
    status: 200,
    description: 'The audit as an attachment (memfleet-audit-<day>-<id>.<format>). JSON: meta, the stored summary and every hit; CSV: one row per hit.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditDocumentDto) } },
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  @ApiResponse({ status: 409, type: ProblemDto, description: 'The audit is not done yet.' })
  export(@Param('id', uuidParam('id')) id: string, @Query() q: AuditExportQueryDto): Promise<StreamableFile> {
    return this.audits.export(id, q.format);
  }
}
