import { Module } from '@nestjs/common';
import { APP_CONFIG, RuntimeModule, type AppConfig } from '@memfleet/platform';
import { AlertDispatcher } from './alert-dispatcher';
import { AlertsProcessor } from './alerts.processor';
import { AlertsScheduler } from './alerts.scheduler';
import { DeliveryService } from './delivery.service';
import { DenyList } from './net/deny-list';
import { Senders } from './senders/senders';

/** Destinations' senders, the delivery outbox and the alerts between audits. A wrong deny list stops the process at start. */
@Module({
  imports: [RuntimeModule],
  providers: [
    { provide: DenyList, inject: [APP_CONFIG], useFactory: (config: AppConfig) => DenyList.parse(config.destinationDenyCidrs) },
    Senders,
    DeliveryService,
    AlertDispatcher,
    AlertsProcessor,
    AlertsScheduler,
  ],
  exports: [DeliveryService, DenyList],
})
export class AlertsModule {}
