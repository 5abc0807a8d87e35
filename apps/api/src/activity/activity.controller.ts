import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators';
import { ProblemDto } from '../common/problem.dto';
import { ActivityService } from './activity.service';
import { ActivityPageDto, ActivityQueryDto } from './dto/activity.dto';

@ApiTags('activity')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@ApiResponse({ status: 403, type: ProblemDto })
@Controller('api/v1/activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Who did what, when: admin and operator actions, newest first (admin)' })
  @ApiResponse({ status: 200, type: ActivityPageDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  list(@Query() q: ActivityQueryDto): Promise<ActivityPageDto> {
    return this.activity.page(q);
  }
}
