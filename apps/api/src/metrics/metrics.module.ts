import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { JobMetrics } from './job-metrics';
import { MetricsController } from './metrics.controller';

@Module({ imports: [RuntimeModule], controllers: [MetricsController], providers: [JobMetrics] })
export class MetricsModule {}
