import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_KINDS } from '@memfleet/persistence';

export class WebhookAlertHostDto {
  id: string;
  hostname: string;
}

/** One alert of a webhook body. */
export class WebhookAlertDto {
  @ApiProperty({ enum: ['firing', 'resolved'] })
  status: string;
  ruleId: string;
  host: WebhookAlertHostDto;
  /** The process or device the finding is about ('' for the whole host). */
  subject: string;
  /** The severity that fired; a resolution carries the severity it ends. `host-stale` alerts are warnings. */
  severity: string;
  summary: string;
  /** The host's page: `<MEMFLEET_PUBLIC_URL>/hosts/<id>`. */
  url: string;
  startsAt: string | null;
  /** Set when resolved. */
  endsAt: string | null;
}

export class WebhookDestinationRefDto {
  id: string;
  name: string;
}

/**
 * The JSON body memfleet POSTs to a webhook destination (outgoing; documented here for receivers). Headers:
 * `X-Memfleet-Timestamp: <unix seconds>` and `X-Memfleet-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`
 * keyed with the destination's secret. Reject a body whose signature differs or whose timestamp is over 5 minutes old.
 */
export class WebhookAlertPayloadDto {
  @ApiProperty({ enum: [1] })
  version: number;
  @ApiProperty({ enum: DELIVERY_KINDS })
  kind: string;
  /** The same for every attempt of one delivery: a receiver can drop repeats. */
  deliveryId: string;
  destination: WebhookDestinationRefDto;
  sentAt: string;
  title: string;
  text: string;
  url: string | null;
  /** Empty for test and audit deliveries. */
  alerts: WebhookAlertDto[];
  /** Audit deliveries: the audit. */
  @ApiProperty({ required: false })
  auditId?: string;
}
