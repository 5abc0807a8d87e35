import { Module } from '@nestjs/common';
import { EvaluationModule } from '@memfleet/evaluation';
import { RuntimeModule } from '@memfleet/platform';
import { ReevaluationsController } from './reevaluations.controller';
import { ReevaluationsService } from './reevaluations.service';

@Module({ imports: [RuntimeModule, EvaluationModule], controllers: [ReevaluationsController], providers: [ReevaluationsService] })
export class ReevaluationsModule {}
