import { Module } from '@nestjs/common';
import { EvaluationModule } from '@memfleet/evaluation';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { ReevaluationsController } from './reevaluations.controller';
import { ReevaluationsService } from './reevaluations.service';

@Module({ imports: [RuntimeModule, EvaluationModule, ActivityModule], controllers: [ReevaluationsController], providers: [ReevaluationsService] })
export class ReevaluationsModule {}
