import type { DestinationTarget } from '@memfleet/persistence';
import type { AlertItem, DeliveryMessage } from '../message';
import { DeliveryFailure } from '../net/delivery-failure';
import { postJson, type OutboundOptions } from '../net/outbound-http';

/** One alert of Alertmanager's POST /api/v2/alerts. */
export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/**
 * How long a firing alert stays firing in Alertmanager without being sent again, in alert batches: the
 * dispatcher repeats every firing alert each batch, so it ends by itself only when memfleet stops sending.
 */
export const FIRING_BATCHES_TO_LIVE = 4;

function toAlertmanager(a: AlertItem, firingUntil: string): AlertmanagerAlert {
  return {
    // The labels identify the alert: a resolution carries the same ones as the alert it ends.
    labels: { alertname: a.ruleId, host: a.host.hostname, host_id: a.host.id, subject: a.subject, severity: a.severity },
    annotations: { summary: a.summary, memfleet_url: a.url },
    ...(a.startsAt ? { startsAt: a.startsAt } : {}),
    endsAt: a.status === 'firing' ? firingUntil : (a.endsAt ?? new Date().toISOString()),
    generatorURL: a.url,
  };
}

/**
 * The alerts of a message; a message without any (a test, an audit) becomes one informational alert that
 * ends by itself after five minutes.
 */
export function alertmanagerPayload(m: DeliveryMessage, batchSeconds: number, nowMs = Date.now()): AlertmanagerAlert[] {
  const firingUntil = new Date(nowMs + FIRING_BATCHES_TO_LIVE * batchSeconds * 1000).toISOString();
  if (m.alerts.length) return m.alerts.map((a) => toAlertmanager(a, firingUntil));
  return [
    {
      labels: { alertname: 'memfleet-notice', severity: 'info' },
      annotations: { summary: m.title, description: m.text, ...(m.url ? { memfleet_url: m.url } : {}) },
      startsAt: new Date(nowMs).toISOString(),
      endsAt: new Date(nowMs + 5 * 60_000).toISOString(),
      ...(m.url ? { generatorURL: m.url } : {}),
    },
  ];
}

/** The alerts endpoint under the destination's base URL (`<url>/api/v2/alerts`). */
export const alertmanagerEndpoint = (base: string): string => `${base.replace(/\/+$/, '')}/api/v2/alerts`;

export async function sendAlertmanager(dest: DestinationTarget, m: DeliveryMessage, batchSeconds: number, opts: OutboundOptions): Promise<number> {
  if (!dest.url) throw new DeliveryFailure('the destination has no url', true);
  return postJson(alertmanagerEndpoint(dest.url), JSON.stringify(alertmanagerPayload(m, batchSeconds)), {}, opts);
}
