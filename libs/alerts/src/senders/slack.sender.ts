import type { DestinationTarget } from '@memfleet/persistence';
import type { AlertItem, DeliveryMessage } from '../message';
import { DeliveryFailure } from '../net/delivery-failure';
import { postJson, type OutboundOptions } from '../net/outbound-http';

// Slack takes at most 50 blocks per message; the rest are counted in the last one.
const MAX_ALERT_BLOCKS = 45;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function alertLine(a: AlertItem): string {
  const what = a.status === 'firing' ? `:red_circle: *${escape(a.severity)}*` : ':large_green_circle: *resolved*';
  const subject = a.subject ? ` (${escape(a.subject)})` : '';
  return `${what} \`${escape(a.ruleId)}\`${subject} on <${a.url}|${escape(a.host.hostname)}>\n${escape(a.summary)}`;
}

/** The incoming-webhook payload: `text` for notifications, blocks for the message itself. */
export function slackPayload(m: DeliveryMessage): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: m.title.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: escape(m.text).slice(0, 3000) } },
  ];
  for (const a of m.alerts.slice(0, MAX_ALERT_BLOCKS)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: alertLine(a).slice(0, 3000) } });
  if (m.alerts.length > MAX_ALERT_BLOCKS)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${m.alerts.length - MAX_ALERT_BLOCKS} more` }] });
  if (m.url) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${m.url}|Open in memfleet>` }] });
  return { text: `${m.title}\n${m.text}`, blocks };
}

export async function sendSlack(dest: DestinationTarget, m: DeliveryMessage, opts: OutboundOptions): Promise<number> {
  if (!dest.url) throw new DeliveryFailure('the destination has no url', true);
  return postJson(dest.url, JSON.stringify(slackPayload(m)), {}, opts);
}
