import { Module } from '@nestjs/common';
import { EvaluationModule } from '@memfleet/evaluation';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';
import { ThresholdsService } from './thresholds.service';

@Module({ imports: [RuntimeModule, EvaluationModule, ActivityModule], controllers: [RulesController], providers: [RulesService, ThresholdsService] })
export class RulesModule {}
