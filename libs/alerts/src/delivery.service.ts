import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobName, deliverJobId } from '@memfleet/contracts';
import { DeliveriesRepository, isDatabaseUnavailable, type DeliveryKind } from '@memfleet/persistence';
import { APP_CONFIG, JOB_QUEUE, RetryLaterError, type AppConfig, type JobQueue } from '@memfleet/platform';
import type { AttachmentSource, DeliveryMessage } from './message';
import { DeliveryFailure } from './net/delivery-failure';
import { Senders } from './senders/senders';

/** How long a claimed delivery is left alone by the sweep while it is being sent (longer than any send's timeouts). */
export const SEND_LEASE_SECONDS = 120;

export type DeliveryOutcome = 'delivered' | 'retrying' | 'dead' | 'not-due';

/**
 * The outbox: a message is stored as a delivery, then sent by its own job. A failed attempt waits
 * MEMFLEET_DELIVERY_BACKOFF_SECONDS × 2^(attempt-1) (a RetryLaterError, so BullMQ and the inline queue
 * alike bring the job back), and after MEMFLEET_DELIVERY_ATTEMPTS it is dead, with its last error.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('deliveries');

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly senders: Senders,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Where e-mail attachments of deliveries come from (e.g. an audit's PDF and CSV, by `message.auditId`). */
  useAttachments(source: AttachmentSource): void {
    this.senders.useAttachments(source);
  }

  /** Stores a message for one destination and queues its sending; returns the delivery id. */
  async enqueue(destinationId: string, kind: DeliveryKind, message: DeliveryMessage, summary = message.title): Promise<string> {
    const id = await this.deliveries.create(destinationId, kind, message, summary.slice(0, 500));
    await this.queueSend([id]);
    return id;
  }

  /** Queues the sending of stored deliveries. Redis being away is not an error here: the dispatcher's sweep queues them later. */
  async queueSend(ids: string[], jobId: (id: string) => string = deliverJobId): Promise<void> {
    if (!ids.length) return;
    try {
      await this.queue.enqueueMany(ids.map((deliveryId) => ({ item: { name: JobName.DeliverMessage, data: { deliveryId } }, jobId: jobId(deliveryId) })));
    } catch (err) {
      this.logger.warn(`could not queue ${ids.length} deliveries (${(err as Error).message}); the alert dispatcher queues them again`);
    }
  }

  /** One attempt of one delivery. */
  async deliver(deliveryId: string): Promise<DeliveryOutcome> {
    const d = await this.db(() => this.deliveries.claim(deliveryId, SEND_LEASE_SECONDS));
    if (!d) return 'not-due';
    if (d.attempts > this.config.deliveryAttempts) {
      // Every attempt so far was claimed and never recorded: sending it stops the worker each time.
      const error = `no attempt finished: the worker stopped during each of ${d.attempts - 1} attempt(s)`;
      await this.db(() => this.deliveries.recordAttempt(d.id, { status: 'dead', responseStatus: null, error, nextAttemptAt: null }));
      this.logger.warn({ deliveryId: d.id, destinationId: d.destination.id }, `delivery ${d.id} to ${d.destination.name} is dead: ${error}`);
      return 'dead';
    }
    let responseStatus: number | null = null;
    let failure: DeliveryFailure | null = null;
    try {
      responseStatus = await this.senders.send(d);
    } catch (err) {
      failure = err instanceof DeliveryFailure ? err : new DeliveryFailure((err as Error).message ?? String(err), false);
    }
    const attempt = d.attempts; // counted by the claim
    if (!failure) {
      await this.db(() => this.deliveries.recordAttempt(d.id, { status: 'delivered', responseStatus, error: null, nextAttemptAt: null }));
      return 'delivered';
    }
    const fields = { deliveryId: d.id, destinationId: d.destination.id, attempt, reason: failure.message };
    if (failure.permanent || attempt >= this.config.deliveryAttempts) {
      await this.db(() =>
        this.deliveries.recordAttempt(d.id, { status: 'dead', responseStatus: failure.responseStatus, error: failure.message, nextAttemptAt: null }),
      );
      this.logger.warn(fields, `delivery ${d.id} to ${d.destination.name} is dead after ${attempt} attempt(s): ${failure.message}`);
      return 'dead';
    }
    const delayMs = this.config.deliveryBackoffSeconds * 1000 * 2 ** (attempt - 1);
    await this.db(() =>
      this.deliveries.recordAttempt(d.id, {
        status: 'retrying',
        responseStatus: failure.responseStatus,
        error: failure.message,
        nextAttemptAt: new Date(Date.now() + delayMs),
      }),
    );
    this.logger.log(fields, `delivery ${d.id} to ${d.destination.name} failed (${failure.message}); attempt ${attempt + 1} in ${delayMs / 1000} s`);
    throw new RetryLaterError(failure, delayMs);
  }

  // Only the database calls are checked for an outage: a receiver refusing the connection is the delivery's failure.
  private async db<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw new RetryLaterError(err);
      throw err;
    }
  }
}
