import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../common/problem.dto';
import { RuleDto, RuleListDto } from './dto/rules.dto';
import { RulesService } from './rules.service';

@ApiTags('rules')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@Controller('api/v1/rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

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
}
