import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ProblemDto } from '../common/problem.dto';
import { AgentsService } from './agents.service';
import { EnrollRequestDto, EnrollResponseDto } from './dto/enroll.dto';

@ApiTags('agents')
@Controller('api/v1/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Post('enroll')
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Exchange the enroll secret for a per-host agent token' })
  @ApiResponse({ status: 201, type: EnrollResponseDto })
  @ApiResponse({ status: 400, type: ProblemDto, description: 'Invalid fields' })
  @ApiResponse({ status: 401, type: ProblemDto, description: 'Wrong enroll secret' })
  enroll(@Body() dto: EnrollRequestDto): Promise<EnrollResponseDto> {
    return this.agents.enroll(dto);
  }
}
