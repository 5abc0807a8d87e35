import nodemailer from 'nodemailer';
import type { AlertItem, DeliveryMessage, EmailAttachment } from '../message';
import { DeliveryFailure } from '../net/delivery-failure';

export interface EmailSettings {
  smtpUrl: string | null;
  from: string;
}

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function alertRow(a: AlertItem): string {
  const state = a.status === 'firing' ? `<strong style="color:#b00020">${html(a.severity)}</strong>` : '<strong style="color:#1b5e20">resolved</strong>';
  return `<tr><td>${state}</td><td><code>${html(a.ruleId)}</code></td><td><a href="${html(a.url)}">${html(a.host.hostname)}</a></td><td>${html(a.subject)}</td><td>${html(a.summary)}</td></tr>`;
}

/** The e-mail's HTML: the text, then one table row per alert with a link to its host. */
export function emailHtml(m: DeliveryMessage): string {
  const table = m.alerts.length
    ? `<table cellpadding="4" style="border-collapse:collapse" border="1"><thead><tr><th>Severity</th><th>Rule</th><th>Host</th><th>Subject</th><th>Summary</th></tr></thead><tbody>${m.alerts.map(alertRow).join('')}</tbody></table>`
    : '';
  const link = m.url ? `<p><a href="${html(m.url)}">Open in memfleet</a></p>` : '';
  return `<!doctype html><html><body style="font-family:sans-serif"><h2>${html(m.title)}</h2><p>${html(m.text)}</p>${table}${link}</body></html>`;
}

function emailText(m: DeliveryMessage): string {
  const lines = m.alerts.map(
    (a) => `- ${a.status === 'firing' ? a.severity : 'resolved'} ${a.ruleId}${a.subject ? ` (${a.subject})` : ''} on ${a.host.hostname}: ${a.summary} ${a.url}`,
  );
  return [m.title, '', m.text, ...(lines.length ? ['', ...lines] : []), ...(m.url ? ['', m.url] : [])].join('\n');
}

/** Sends through MEMFLEET_SMTP_URL (nodemailer) with timeouts on connecting, the greeting and every exchange. */
export async function sendEmail(settings: EmailSettings, to: string[], m: DeliveryMessage, attachments: EmailAttachment[] = []): Promise<void> {
  if (!settings.smtpUrl) throw new DeliveryFailure('MEMFLEET_SMTP_URL is not set: e-mail cannot be sent', true);
  if (!to.length) throw new DeliveryFailure('the destination has no recipients', true);
  const transport = nodemailer.createTransport({ url: settings.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  try {
    await transport.sendMail({
      from: settings.from,
      to,
      subject: m.title,
      text: emailText(m),
      html: emailHtml(m),
      attachments: attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    });
  } catch (err) {
    const e = err as Error & { responseCode?: number };
    // A 5xx answer to the message refuses it for good; anything else (connection, 4xx) may pass later.
    throw new DeliveryFailure(`SMTP: ${e.message}`, (e.responseCode ?? 0) >= 500, e.responseCode ?? null);
  } finally {
    transport.close();
  }
}
