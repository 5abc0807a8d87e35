import { Inject, Injectable, Logger } from '@nestjs/common';
import { deliverJobId } from '@memfleet/contracts';
import { AlertsRepository, DeliveriesRepository } from '@memfleet/persistence';
import { APP_CONFIG, type AppConfig } from '@memfleet/platform';
import { planAlertDeliveries } from './alert-plan';
import { DeliveryService, SEND_LEASE_SECONDS } from './delivery.service';

/** Events younger than this are read again by the next batch (an evaluation that commits late may hold a lower id). */
export const EVENT_LAG_SECONDS = 60;
const MAX_EVENTS_PER_BATCH = 50_000;
const OVERDUE_LIMIT = 500;

/** One alert batch: new alerts into one delivery per destination, then the sweep of deliveries whose job was lost. */
@Injectable()
export class AlertDispatcher {
  private readonly logger = new Logger('alerts');

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly delivery: DeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dispatch(): Promise<{ deliveries: number; requeued: number }> {
    const out = await this.alerts.dispatchBatch(EVENT_LAG_SECONDS, MAX_EVENTS_PER_BATCH, this.config.alertBatchSeconds, (c) =>
      planAlertDeliveries(c, this.config.publicUrl),
    );
    if (out.deliveryIds.length) this.logger.log(`alerts: ${out.deliveryIds.length} deliveries from ${out.events} finding event(s) and stale hosts`);
    await this.delivery.queueSend(out.deliveryIds);
    // A delivery overdue by a lease is one whose job is gone; a fresh job id per minute, since BullMQ keeps a finished job's id.
    const overdue = await this.deliveries.overdue(SEND_LEASE_SECONDS, OVERDUE_LIMIT);
    const minute = Math.floor(Date.now() / 60_000);
    await this.delivery.queueSend(overdue, (id) => `${deliverJobId(id)}-swept-${minute}`);
    if (overdue.length) this.logger.warn(`re-queued ${overdue.length} overdue deliveries`);
    return { deliveries: out.deliveryIds.length, requeued: overdue.length };
  }
}
