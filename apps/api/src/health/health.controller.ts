import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthRepository } from '@memfleet/persistence';
import { JOB_QUEUE, type JobQueue } from '@memfleet/platform';
import { Public } from '../auth/auth.decorators';

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
  constructor(
    private readonly db: HealthRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

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
    const database = await Promise.race([
      this.db.ping().then(
        () => 'ok',
        () => 'down',
      ),
      new Promise<string>((r) => setTimeout(() => r('timeout'), 2000)),
    ]);
    const queue = (await this.queue.healthy()) ? 'ok' : 'down';
    const status = database !== 'ok' ? 'unavailable' : queue !== 'ok' ? 'degraded' : 'ok';
    if (database !== 'ok') res.status(503);
    return { status, database, queue, queueMode: this.queue.mode };
  }
}
