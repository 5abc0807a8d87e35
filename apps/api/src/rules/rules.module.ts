import { Module } from '@nestjs/common';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';
import { ThresholdsService } from './thresholds.service';

@Module({ controllers: [RulesController], providers: [RulesService, ThresholdsService] })
export class RulesModule {}
