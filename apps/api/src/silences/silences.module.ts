import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { SilencesController } from './silences.controller';
import { SilencesService } from './silences.service';

@Module({ imports: [RuntimeModule, ActivityModule], controllers: [SilencesController], providers: [SilencesService] })
export class SilencesModule {}
