import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { FleetGauges } from './fleet-gauges';
import { JobMetrics } from './job-metrics';
import { MetricsController } from './metrics.controller';

@Module({ imports: [RuntimeModule], controllers: [MetricsController], providers: [JobMetrics, FleetGauges] })
export class MetricsModule {}
