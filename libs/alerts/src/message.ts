import type { Readable } from 'node:stream';
import type { DeliveryKind } from '@memfleet/persistence';

/** One alert: a finding that turned critical or stopped being critical, or a host that went stale or reports again. */
export interface AlertItem {
  status: 'firing' | 'resolved';
  ruleId: string;
  host: { id: string; hostname: string };
  subject: string;
  /** The severity that fired (a resolution carries the severity it ends). */
  severity: string;
  summary: string;
  /** The host's page. */
  url: string;
  startsAt: string | null;
  /** Set when resolved. */
  endsAt: string | null;
}

/** What a delivery says, whatever the destination's type; stored as the delivery's payload. */
export interface DeliveryMessage {
  /** One line: the e-mail subject, the Slack header. */
  title: string;
  /** A paragraph of plain text. */
  text: string;
  /** Where to read more (a host or audit page), or null. */
  url: string | null;
  alerts: AlertItem[];
  /** For an audit delivery: the audit, whose exports an e-mail attaches. */
  auditId?: string;
}

/** A file attached to an e-mail (audit deliveries attach the audit's PDF and CSV). */
export interface EmailAttachment {
  filename: string;
  content: Buffer | Readable;
  contentType: string;
}

/** Supplies the attachments of a delivery when its e-mail is sent (provided by whoever owns the audit exports). */
export interface AttachmentSource {
  attachmentsFor(delivery: { id: string; kind: DeliveryKind; message: DeliveryMessage }): Promise<EmailAttachment[]>;
}

export const ATTACHMENT_SOURCE = Symbol('ATTACHMENT_SOURCE');

/** The JSON body of a webhook delivery (signed; see X-Memfleet-Signature). */
export interface WebhookBody extends DeliveryMessage {
  version: 1;
  kind: DeliveryKind;
  deliveryId: string;
  destination: { id: string; name: string };
  /** When this attempt was sent (RFC 3339). */
  sentAt: string;
}
