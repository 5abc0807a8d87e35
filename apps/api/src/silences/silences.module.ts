import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { SilencesController } from './silences.controller';
import { SilencesService } from './silences.service';

@Module({ imports: [RuntimeModule], controllers: [SilencesController], providers: [SilencesService] })
export class SilencesModule {}
