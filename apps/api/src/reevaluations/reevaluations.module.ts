import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { ReevaluationsController } from './reevaluations.controller';
import { ReevaluationsService } from './reevaluations.service';

@Module({ imports: [RuntimeModule], controllers: [ReevaluationsController], providers: [ReevaluationsService] })
export class ReevaluationsModule {}
