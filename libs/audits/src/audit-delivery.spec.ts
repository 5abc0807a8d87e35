import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { JobName, type AuditRequest } from '@memfleet/contracts';
import { DeliveryService, DenyList, Senders, type WebhookBody } from '@memfleet/alerts';
import { AuditsRepository, DeliveriesRepository, DestinationsRepository, HousekeepingRunsRepository } from '@memfleet/persistence';
import { InlineQueue, loadConfig, type JobHandlers } from '@memfleet/platform';
import { queuesSettings } from '../../platform/src/runtime/queue-settings';
import { enrolledHost } from '../../persistence/src/testing/repository-fixtures';
import { startReceiver, startSmtpListener, type Receiver } from '../../../test/helpers/receivers';
import { migratedDataSource } from '../../../test/helpers/throwaway-db';
import { until } from '../../../test/helpers/until';
import { AuditDelivery } from './audit-delivery';
import { AuditsProcessor } from './audits.processor';

/** A MIME part's decoded body, by its attachment file name suffix. */
function attachment(raw: string, suffix: string): Buffer | null {
  const part = raw.split(/\r?\n--/).find((p) => new RegExp(`filename="?[^"\\r\\n]*${suffix.replace('.', '\\.')}"?`).test(p));
  if (!part) return null;
  const [, body] = part.split(/\r?\n\r?\n/, 2).length === 2 ? [null, part.slice(part.search(/\r?\n\r?\n/)).trim()] : [null, ''];
  return /content-transfer-encoding:\s*base64/i.test(part) ? Buffer.from(body!.replace(/\s+/g, ''), 'base64') : Buffer.from(body!, 'utf8');
}

describe('a finished audit is sent to its destinations', { timeout: 120_000 }, () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let queue: InlineQueue;
  let receiver: Receiver;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let jobs: AuditsProcessor;
  let audits: AuditsRepository;
  let destinations: DestinationsRepository;

  before(async () => {
    ({ ds, close } = await migratedDataSource(4));
    receiver = await startReceiver();
    smtp = await startSmtpListener();
    const config = loadConfig({ MEMFLEET_PUBLIC_URL: 'https://memfleet.test', MEMFLEET_SMTP_URL: smtp.url, MEMFLEET_DELIVERY_ATTEMPTS: '2' });
    audits = new AuditsRepository(ds);
    destinations = new DestinationsRepository(ds);
    queue = new InlineQueue({ queues: queuesSettings(config, false) });
    const delivery = new DeliveryService(new DeliveriesRepository(ds), new Senders(config, DenyList.parse(null)), queue, config);
    const auditDelivery = new AuditDelivery(audits, delivery, new DeliveriesRepository(ds), config);
    auditDelivery.onModuleInit();
    jobs = new AuditsProcessor(config, audits, new HousekeepingRunsRepository(ds), auditDelivery, queue);
    queue.process({ [JobName.DeliverMessage]: (d: { deliveryId: string }) => delivery.deliver(d.deliveryId) } as unknown as JobHandlers);
    const host = await enrolledHost(ds, { hostname: 'gw-17' });
    await ds.query(
      `INSERT INTO findings (host_id, rule_id, subject, outcome, severity, rule_version, summary, opened_at) VALUES ($1, 'envoy-wasm-vm-explosion', 'envoy:/usr/bin/envoy', 'hit', 'critical', 1, '2304 VMs', now())`,
      [host.id],
    );
    await ds.query(`UPDATE hosts SET last_seen_at = now(), critical_count = 1 WHERE id = $1`, [host.id]);
  });
  after(async () => {
    await queue.close();
    await receiver.close();
    await smtp.close();
    await close();
  });

  it('posts the audit to a webhook and e-mails it with its PDF, CSV and HTML, once', async () => {
    const hook = await destinations.create({ name: 'hook', type: 'webhook', url: receiver.url, to: null, secret: 'audit-secret-0123456789' }, 'test');
    const mail = await destinations.create({ name: 'mail', type: 'email', url: null, to: ['sre@example.test'], secret: null }, 'test');
    assert.ok(hook !== 'duplicate' && mail !== 'duplicate');
    const request: AuditRequest = {
      scope: {},
      trigger: 'schedule',
      scheduleId: null,
      requestedBy: 'schedule:daily',
      formats: ['pdf', 'csv', 'html', 'json'],
      destinationIds: [hook.id, mail.id],
    };
    const id = await audits.create(request);
    assert.equal(await jobs.runAudit({ auditId: id }, { jobId: 'j', attempt: 1, maxAttempts: 3 }), 'done');
    await until('the webhook and the e-mail', async () => receiver.received.length === 1 && smtp.mails.length === 1, 30_000);

    const body = JSON.parse(receiver.received[0].body) as WebhookBody;
    assert.equal(body.kind, 'audit');
    assert.equal(body.auditId, id);
    assert.equal(body.url, `https://memfleet.test/audits/${id}`);
    assert.match(body.title, /1 critical, 0 warning on 1 host/);

    const raw = smtp.mails[0].raw;
    assert.deepEqual(smtp.mails[0].to, ['sre@example.test']);
    assert.match(raw, /Subject: memfleet audit of the fleet/);
    const pdf = attachment(raw, '.pdf');
    const csv = attachment(raw, '.csv');
    const html = attachment(raw, '.html');
    assert.ok(pdf && csv && html, 'PDF, CSV and HTML attached');
    assert.equal(attachment(raw, '.json'), null, 'the JSON is left to the link');
    assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-mail-'));
    fs.writeFileSync(path.join(dir, 'a.pdf'), pdf);
    assert.match(execFileSync('pdftotext', [path.join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }), /gw-17/);
    fs.rmSync(dir, { recursive: true });
    assert.match(csv.toString('utf8'), /gw-17,.*envoy-wasm-vm-explosion,critical/);
    assert.match(html.toString('utf8'), /<html/i);

    // The same job again finds the audit done and sends nothing more.
    assert.equal(await jobs.runAudit({ auditId: id }, { jobId: 'j', attempt: 2, maxAttempts: 3 }), 'already-done');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(receiver.received.length, 1);
    assert.equal(smtp.mails.length, 1);

    // A run that failed after queueing the webhook but before the e-mail: its retry sends the e-mail only.
    await ds.query(`DELETE FROM deliveries WHERE destination_id = $1`, [mail.id]);
    assert.equal(await jobs.runAudit({ auditId: id }, { jobId: 'j', attempt: 3, maxAttempts: 3 }), 'already-done');
    await until('the e-mail sent again', async () => smtp.mails.length === 2, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(receiver.received.length, 1, 'the webhook, already queued, is not sent twice');
  });

  it('skips a destination deleted since the schedule named it, and sends to the others', async () => {
    const kept = await destinations.create({ name: 'kept', type: 'webhook', url: receiver.url, to: null, secret: 'kept-secret-0123456789' }, 'test');
    const gone = await destinations.create({ name: 'gone', type: 'webhook', url: `${receiver.url}/gone`, to: null, secret: 'gone-secret-0123456789' }, 'test');
    assert.ok(kept !== 'duplicate' && gone !== 'duplicate');
    const before = receiver.received.length;
    const id = await audits.create({
      scope: {},
      trigger: 'schedule',
      scheduleId: null,
      requestedBy: 'schedule:x',
      formats: [],
      destinationIds: [gone.id, kept.id],
    });
    await destinations.remove(gone.id);
    assert.equal(await jobs.runAudit({ auditId: id }, { jobId: 'k', attempt: 1, maxAttempts: 3 }), 'done');
    await until('the kept destination', async () => receiver.received.length === before + 1, 30_000);
    assert.equal(receiver.received.at(-1)!.path, '/');
  });
});
