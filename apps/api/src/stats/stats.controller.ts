import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../common/problem.dto';
import { DistributionsDto, EventsQueryDto, FindingEventsDto, SummaryDto } from './dto/stats.dto';
import { StatsService } from './stats.service';
import { RequireRole } from '../auth/auth.decorators';

@ApiTags('stats')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@RequireRole('viewer')
@Controller('api/v1/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('summary')
  @ApiOperation({ summary: 'Fleet totals: hosts by state, hosts with critical/warning hits, top rules by hosts affected' })
  @ApiResponse({ status: 200, type: SummaryDto })
  summary(): Promise<SummaryDto> {
    return this.stats.summary();
  }

  @Get('finding-events')
  @ApiOperation({ summary: 'Findings opened (by severity) and resolved per UTC day' })
  @ApiResponse({ status: 200, type: FindingEventsDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  events(@Query() q: EventsQueryDto): Promise<FindingEventsDto> {
    return this.stats.findingEvents(q.days ?? 30);
  }

  @Get('distributions')
  @ApiOperation({ summary: 'How the fleet is configured: THP, overcommit, online CPUs, hypervisor, architecture, allocators in use' })
  @ApiResponse({ status: 200, type: DistributionsDto })
  distributions(): Promise<DistributionsDto> {
    return this.stats.distributions();
  }
}
