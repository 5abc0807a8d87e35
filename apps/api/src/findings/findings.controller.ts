import { Controller, Get, Query, type StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../common/problem.dto';
import { ApiListExport } from '../common/list-export';
import { FindingDto, FindingPageDto, FindingsExportQueryDto, FindingsQueryDto } from './dto/findings.dto';
import { FindingsService } from './findings.service';
import { RequireRole } from '../auth/auth.decorators';

@ApiTags('findings')
@ApiSecurity('bearer')
@RequireRole('viewer')
@Controller('api/v1/findings')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Get()
  @ApiOperation({ summary: 'Findings across the fleet (default: hits), filtered by severity, rule, outcome, label or host' })
  @ApiResponse({ status: 200, type: FindingPageDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 401, type: ProblemDto })
  list(@Query() query: FindingsQueryDto): Promise<FindingPageDto> {
    return this.findings.list(query);
  }

  @Get('export')
  @ApiOperation({ summary: 'Every finding matching the filters of GET /api/v1/findings, streamed as CSV or JSON' })
  @ApiListExport(FindingDto, 'finding')
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 401, type: ProblemDto })
  export(@Query() query: FindingsExportQueryDto): Promise<StreamableFile> {
    return this.findings.export(query);
  }
}
