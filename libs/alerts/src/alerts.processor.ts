import { Injectable } from '@nestjs/common';
import { JobName, type DeliverMessagePayload, type DispatchAlertsPayload } from '@memfleet/contracts';
import { OnJob } from '@memfleet/platform';
import { AlertDispatcher } from './alert-dispatcher';
import { DeliveryService, type DeliveryOutcome } from './delivery.service';

/** The alert queue's jobs. */
@Injectable()
export class AlertsProcessor {
  constructor(
    private readonly dispatcher: AlertDispatcher,
    private readonly delivery: DeliveryService,
  ) {}

  @OnJob(JobName.DispatchAlerts)
  dispatchAlerts(_data: DispatchAlertsPayload): Promise<{ deliveries: number; requeued: number }> {
    return this.dispatcher.dispatch();
  }

  @OnJob(JobName.DeliverMessage)
  deliverMessage(data: DeliverMessagePayload): Promise<DeliveryOutcome> {
    return this.delivery.deliver(data.deliveryId);
  }
}
