import type { DestinationTarget } from '@memfleet/persistence';
import type { WebhookBody } from '../message';
import { DeliveryFailure } from '../net/delivery-failure';
import { postJson, type OutboundOptions } from '../net/outbound-http';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './webhook-signature';

/** POSTs the JSON body signed with the destination's secret over "<timestamp>.<body>". */
export async function sendWebhook(dest: DestinationTarget, body: WebhookBody, opts: OutboundOptions, nowMs = Date.now()): Promise<number> {
  if (!dest.url) throw new DeliveryFailure('the destination has no url', true);
  if (!dest.secret) throw new DeliveryFailure('the webhook destination has no secret to sign with', true);
  const text = JSON.stringify(body);
  const timestamp = Math.floor(nowMs / 1000);
  return postJson(dest.url, text, { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: webhookSignature(dest.secret, timestamp, text) }, opts);
}
