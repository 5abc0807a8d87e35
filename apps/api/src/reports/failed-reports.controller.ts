import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { FailedReportPageDto, FailedReportsQueryDto, ReportRetryDto } from './dto/failed-report.dto';
import { FailedReportsService } from './failed-reports.service';

@ApiTags('reports')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@ApiResponse({ status: 403, type: ProblemDto, description: 'Not an admin token' })
@Controller('api/v1/reports')
export class FailedReportsController {
  constructor(private readonly failed: FailedReportsService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Dead-letter view (admin): reports whose evaluation failed for good, with their errors, most recently failed first' })
  @ApiResponse({ status: 200, type: FailedReportPageDto })
  @ApiResponse({ status: 400, type: ProblemDto, description: 'status other than failed, bad limit or cursor' })
  list(@Query() query: FailedReportsQueryDto): Promise<FailedReportPageDto> {
    return this.failed.list(query);
  }

  @Post(':id/retry')
  @RequireRole('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-run the evaluation of a failed report (admin), under a fresh job id' })
  @ApiResponse({ status: 202, type: ReportRetryDto })
  @ApiResponse({ status: 400, type: ProblemDto, description: 'id is not a UUID' })
  @ApiResponse({ status: 404, type: ProblemDto })
  @ApiResponse({ status: 409, type: ProblemDto, description: 'The report is not failed (queued, evaluated or superseded)' })
  retry(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() p: Principal): Promise<ReportRetryDto> {
    return this.failed.retry(id, p);
  }
}
