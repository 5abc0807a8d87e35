import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { ThresholdPreviewDto, ThresholdsSavedDto, ThresholdValuesDto } from './dto/thresholds.dto';
import { ThresholdsService } from './thresholds.service';
import { RuleDto, RuleListDto } from './dto/rules.dto';
import { RulesService } from './rules.service';

@ApiTags('rules')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@RequireRole('viewer')
@Controller('api/v1/rules')
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    private readonly thresholds: ThresholdsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The rule catalogue with thresholds in force and hosts affected' })
  @ApiResponse({ status: 200, type: RuleListDto })
  list(): Promise<RuleListDto> {
    return this.rules.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One rule' })
  @ApiResponse({ status: 200, type: RuleDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  get(@Param('id') id: string): Promise<RuleDto> {
    return this.rules.get(id);
  }

  @Post(':id/thresholds/preview')
  @RequireRole('operator')
  @HttpCode(200)
  @ApiOperation({ summary: 'How many hosts would open or close a finding under new threshold values, from stored latest reports (operator)' })
  @ApiResponse({ status: 200, type: ThresholdPreviewDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  preview(@Param('id') id: string, @Body() body: ThresholdValuesDto): Promise<ThresholdPreviewDto> {
    return this.thresholds.preview(id, body.values);
  }

  @Put(':id/thresholds')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change threshold values (admin); every host is re-evaluated in the background' })
  @ApiResponse({ status: 200, type: ThresholdsSavedDto })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 403, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  save(@Param('id') id: string, @Body() body: ThresholdValuesDto, @CurrentPrincipal() p: Principal): Promise<ThresholdsSavedDto> {
    return this.thresholds.save(id, body.values, p);
  }
}
