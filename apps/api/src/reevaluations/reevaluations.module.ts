import { Module } from '@nestjs/common';
import { ReevaluationsController } from './reevaluations.controller';

@Module({ controllers: [ReevaluationsController] })
export class ReevaluationsModule {}
