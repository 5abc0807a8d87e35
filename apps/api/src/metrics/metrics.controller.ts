import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { JOB_QUEUE, MemfleetMetrics, type JobQueue } from '@memfleet/platform';
import { ProblemDto } from '../common/problem.dto';
import { MetricsAccess } from './metrics-access.decorator';

@ApiTags('health')
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MemfleetMetrics,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Get('metrics')
  @MetricsAccess()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Prometheus metrics (a viewer token unless MEMFLEET_METRICS_PUBLIC=true)',
    description:
      'Process metrics, reports, jobs and queue depth of this process, and fleet gauges counted in PostgreSQL at most every MEMFLEET_FLEET_GAUGE_SECONDS (memfleet_hosts, memfleet_active_findings, memfleet_silenced_findings): the same on every replica, so scrape one or aggregate them with max.',
  })
  @ApiResponse({ status: 401, type: ProblemDto, description: 'No valid token, and MEMFLEET_METRICS_PUBLIC is not true' })
  async scrape(): Promise<string> {
    const counts = await this.queue.counts().catch(() => null);
    if (counts) for (const [state, n] of Object.entries(counts)) this.metrics.queueDepth.set({ state }, n);
    return this.metrics.registry.metrics();
  }
}
