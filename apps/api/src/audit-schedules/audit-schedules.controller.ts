import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { AuditScheduleDto, AuditSchedulePageDto, AuditSchedulesQueryDto, CreateAuditScheduleDto, UpdateAuditScheduleDto } from './dto/audit-schedules.dto';
import { AuditSchedulesService } from './audit-schedules.service';

@ApiTags('audits')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@ApiResponse({ status: 403, type: ProblemDto })
@RequireRole('admin')
@Controller('api/v1/audit-schedules')
export class AuditSchedulesController {
  constructor(private readonly schedules: AuditSchedulesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Schedule a fleet audit: a cron expression in a time zone, a label scope, formats and destinations (admin)' })
  @ApiResponse({ status: 201, type: AuditScheduleDto })
  @ApiResponse({
    status: 400,
    type: ProblemDto,
    description: 'A field is invalid (an invalid cron expression names `cron`, an unknown zone `timeZone`, an unknown destination `destinationIds[<index>]`).',
  })
  @ApiResponse({ status: 409, type: ProblemDto, description: 'Another schedule has this name.' })
  create(@Body() dto: CreateAuditScheduleDto, @CurrentPrincipal() p: Principal): Promise<AuditScheduleDto> {
    return this.schedules.create(dto, p);
  }

  @Get()
  @ApiOperation({ summary: 'Audit schedules by name, with their next run (admin)' })
  @ApiResponse({ status: 200, type: AuditSchedulePageDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  list(@Query() q: AuditSchedulesQueryDto): Promise<AuditSchedulePageDto> {
    return this.schedules.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One audit schedule (admin)' })
  @ApiResponse({ status: 200, type: AuditScheduleDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  get(@Param('id', uuidParam('id')) id: string): Promise<AuditScheduleDto> {
    return this.schedules.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an audit schedule; its job scheduler follows at once (admin)' })
  @ApiResponse({ status: 200, type: AuditScheduleDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  @ApiResponse({ status: 409, type: ProblemDto })
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateAuditScheduleDto, @CurrentPrincipal() p: Principal): Promise<AuditScheduleDto> {
    return this.schedules.update(id, dto, p);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an audit schedule and its job scheduler; its audits are kept (admin)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  remove(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() p: Principal): Promise<void> {
    return this.schedules.remove(id, p);
  }
}
