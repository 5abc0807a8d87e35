import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../common/problem.dto';
import { FindingPageDto, FindingsQueryDto } from './dto/findings.dto';
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
}
