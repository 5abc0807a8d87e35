import { Module } from '@nestjs/common';
import { AlertsModule } from '@memfleet/alerts';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { DestinationsController } from './destinations.controller';
import { DestinationsService } from './destinations.service';

@Module({ imports: [RuntimeModule, AlertsModule, ActivityModule], controllers: [DestinationsController], providers: [DestinationsService] })
export class DestinationsModule {}
