import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DeliveryToSend } from '@memfleet/persistence';
import { APP_CONFIG, type AppConfig } from '@memfleet/platform';
import { ATTACHMENT_SOURCE, type AttachmentSource, type DeliveryMessage, type WebhookBody } from '../message';
import { DeliveryFailure } from '../net/delivery-failure';
import { DenyList } from '../net/deny-list';
import { sendAlertmanager } from './alertmanager.sender';
import { sendEmail } from './email.sender';
import { sendSlack } from './slack.sender';
import { sendWebhook } from './webhook.sender';

/** Sends one delivery by its destination's type; the HTTP status it got (null for e-mail), or a DeliveryFailure. */
@Injectable()
export class Senders {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deny: DenyList,
    @Optional() @Inject(ATTACHMENT_SOURCE) private attachments?: AttachmentSource,
  ) {}

  /** Sets where e-mail attachments come from (the audit exports register theirs at start). */
  useAttachments(source: AttachmentSource): void {
    this.attachments = source;
  }

  async send(d: DeliveryToSend, nowMs = Date.now()): Promise<number | null> {
    const message = d.payload as DeliveryMessage;
    const dest = d.destination;
    const opts = { deny: this.deny };
    switch (dest.type) {
      case 'webhook': {
        const body: WebhookBody = {
          version: 1,
          kind: d.kind,
          deliveryId: d.id,
          destination: { id: dest.id, name: dest.name },
          sentAt: new Date(nowMs).toISOString(),
          ...message,
        };
        return sendWebhook(dest, body, opts, nowMs);
      }
      case 'slack':
        return sendSlack(dest, message, opts);
      case 'alertmanager':
        return sendAlertmanager(dest, message, this.config.alertBatchSeconds, opts);
      case 'email': {
        let files = [] as Awaited<ReturnType<AttachmentSource['attachmentsFor']>>;
        try {
          files = this.attachments ? await this.attachments.attachmentsFor({ id: d.id, kind: d.kind, message }) : [];
        } catch (err) {
          throw new DeliveryFailure(`attachments could not be made: ${(err as Error).message}`, false);
        }
        await sendEmail({ smtpUrl: this.config.smtpUrl, from: this.config.smtpFrom }, dest.to ?? [], message, files);
        return null;
      }
    }
  }
}
