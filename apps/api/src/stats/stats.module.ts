import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({ imports: [RuntimeModule], controllers: [StatsController], providers: [StatsService] })
export class StatsModule {}
