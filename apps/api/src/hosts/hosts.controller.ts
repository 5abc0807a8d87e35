import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, type StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { ApiListExport } from '../common/list-export';
import { HostDetailDto, HostPageDto, HostsExportQueryDto, HostsQueryDto, HostSummaryDto, ReportFactsDto, UpdateLabelsDto } from './dto/hosts.dto';
import { HostHistoryDto, HostHistoryQueryDto } from './dto/host-history.dto';
import { HostHistoryService } from './host-history.service';
import { HostsService } from './hosts.service';

@ApiTags('hosts')
@ApiSecurity('bearer')
@ApiResponse({ status: 400, type: ProblemDto })
@ApiResponse({ status: 401, type: ProblemDto })
@RequireRole('viewer')
@Controller('api/v1/hosts')
export class HostsController {
  constructor(
    private readonly hosts: HostsService,
    private readonly historyOf: HostHistoryService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Hosts, filtered and sorted, with cursor pagination (retired hosts hidden unless retired=true)' })
  @ApiResponse({ status: 200, type: HostPageDto })
  list(@Query() query: HostsQueryDto): Promise<HostPageDto> {
    return this.hosts.list(query);
  }

  // Declared before ':id' so Express matches `export` here, never as a host id.
  @Get('export')
  @ApiOperation({ summary: 'Every host matching the filters of GET /api/v1/hosts, streamed as CSV or JSON' })
  @ApiListExport(HostSummaryDto, 'host')
  export(@Query() query: HostsExportQueryDto): Promise<StreamableFile> {
    return this.hosts.export(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A host: latest facts, every rule result, report history' })
  @ApiResponse({ status: 200, type: HostDetailDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  detail(@Param('id', uuidParam('id')) id: string): Promise<HostDetailDto> {
    return this.hosts.detail(id);
  }

  @Get(':id/history')
  @ApiOperation({
    summary: 'Chart series of a host over a range: memory, commit, /dev/shm and Aeron usable space, online CPUs, RSS per process (downsampled)',
  })
  @ApiResponse({ status: 200, type: HostHistoryDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  history(@Param('id', uuidParam('id')) id: string, @Query() query: HostHistoryQueryDto): Promise<HostHistoryDto> {
    return this.historyOf.history(id, query);
  }

  @Get(':id/reports/:reportId/facts')
  @ApiOperation({ summary: 'The facts of one stored report of a host (to diff two reports)' })
  @ApiResponse({ status: 200, type: ReportFactsDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  facts(@Param('id', uuidParam('id')) id: string, @Param('reportId', uuidParam('reportId')) reportId: string): Promise<ReportFactsDto> {
    return this.hosts.facts(id, reportId);
  }

  @Patch(':id/labels')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Set or remove admin labels (admin)' })
  @ApiResponse({ status: 200, type: HostSummaryDto })
  @ApiResponse({ status: 403, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  labels(@Param('id', uuidParam('id')) id: string, @Body() body: UpdateLabelsDto, @CurrentPrincipal() p: Principal): Promise<HostSummaryDto> {
    return this.hosts.updateLabels(id, body.labels, p);
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a host with its reports, findings and agent tokens (admin)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 403, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  remove(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() p: Principal): Promise<void> {
    return this.hosts.remove(id, p);
  }
  @Post(':id/retire')
  @RequireRole('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retire a host now (admin): hidden from lists, totals and stale alerts, its reports and findings kept; its next report brings it back',
  })
  @ApiResponse({ status: 200, type: HostSummaryDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 403, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  retire(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() p: Principal): Promise<HostSummaryDto> {
    return this.hosts.retire(id, p);
  }
}
