import { Module } from '@nestjs/common';
import { AlertsModule } from '@memfleet/alerts';
import { RuntimeModule } from '@memfleet/platform';
import { DestinationsController } from './destinations.controller';
import { DestinationsService } from './destinations.service';

@Module({ imports: [RuntimeModule, AlertsModule], controllers: [DestinationsController], providers: [DestinationsService] })
export class DestinationsModule {}
