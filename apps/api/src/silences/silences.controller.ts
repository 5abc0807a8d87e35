import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { CreateSilenceDto, SilenceDto, SilencesQueryDto } from './dto/silences.dto';
import { SilencesService } from './silences.service';

@ApiTags('silences')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@RequireRole('viewer')
@Controller('api/v1/silences')
export class SilencesController {
  constructor(private readonly silences: SilencesService) {}

  @Post()
  @RequireRole('operator')
  @HttpCode(201)
  @ApiOperation({ summary: 'Acknowledge a rule — fleet-wide, for one host or for hosts with labels — with a reason and an expiry (operator)' })
  @ApiResponse({ status: 201, type: SilenceDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 403, type: ProblemDto })
  create(@Body() dto: CreateSilenceDto, @CurrentPrincipal() p: Principal): Promise<SilenceDto> {
    return this.silences.create(dto, p);
  }

  @Get()
  @ApiOperation({ summary: 'Silences (active by default)' })
  @ApiResponse({ status: 200, type: [SilenceDto] })
  list(@Query() q: SilencesQueryDto): Promise<SilenceDto[]> {
    return this.silences.list(q);
  }

  @Delete(':id')
  @RequireRole('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a silence now: its findings count again (operator)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 404, type: ProblemDto })
  revoke(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() p: Principal): Promise<void> {
    return this.silences.revoke(id, p);
  }
}
