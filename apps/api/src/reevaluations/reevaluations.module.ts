import { Module } from '@nestjs/common';
import { ReevaluationsController } from './reevaluations.controller';
import { ReevaluationsService } from './reevaluations.service';

@Module({ controllers: [ReevaluationsController], providers: [ReevaluationsService] })
export class ReevaluationsModule {}
