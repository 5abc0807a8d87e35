import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [RuntimeModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
