import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';

export class ReadinessDto {
  /** ok, or degraded when Redis is unreachable (reports are still stored). */
  status: string;
  database: string;
  queue: string;
  queueMode: string;
}

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('healthz')
  @Public()
  @ApiOperation({ summary: 'The process is alive' })
  healthz(): { status: string } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @Public()
  @ApiOperation({ summary: 'Ready to serve: PostgreSQL is required (503 without it); Redis down is reported as degraded' })
  @ApiResponse({ status: 200, type: ReadinessDto })
  @ApiResponse({ status: 503, type: ReadinessDto })
  async readyz(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const r = await this.health.readiness();
    if (r.database !== 'ok') res.status(503);
    return r;
  }
}
