import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { JobName } from '@memfleet/contracts';
import { AlertsRepository, DeliveriesRepository, DestinationsRepository, SilencesRepository, type DestinationWrite } from '@memfleet/persistence';
import { InlineQueue, loadConfig, type AppConfig, type JobHandlers } from '@memfleet/platform';
import { queuesSettings } from '../../platform/src/runtime/queue-settings';
import { enrolledHost } from '../../persistence/src/testing/repository-fixtures';
import { startReceiver, startSmtpListener, type Receiver } from '../../../test/helpers/receivers';
import { migratedDataSource } from '../../../test/helpers/throwaway-db';
import { until } from '../../../test/helpers/until';
import { AlertDispatcher } from './alert-dispatcher';
import { DeliveryService } from './delivery.service';
import type { AttachmentSource, WebhookBody } from './message';
import { DenyList } from './net/deny-list';
import { Senders } from './senders/senders';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from './senders/webhook-signature';

const SECRET = 'webhook-secret-0123456789';
const PUBLIC_URL = 'https://memfleet.test';

/** The alerts of the service on the real PostgreSQL, through the inline queue and real local receivers. */
describe('alerts and deliveries on the real PostgreSQL', { timeout: 120_000 }, () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let config: AppConfig;
  let queue: InlineQueue;
  let delivery: DeliveryService;
  let dispatcher: AlertDispatcher;
  let destinations: DestinationsRepository;
  let deliveries: DeliveriesRepository;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  const attachments: AttachmentSource = {
    attachmentsFor: async ({ kind }) =>
      kind === 'audit'
        ? [
            { filename: 'audit.csv', content: Buffer.from('host,ruleId\ngw-1,numa\n'), contentType: 'text/csv' },
            { filename: 'audit.pdf', content: Readable.from([Buffer.from('%PDF-1.4 fake')]), contentType: 'application/pdf' },
          ]
        : [],
  };
  const receivers: Receiver[] = [];
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };

  function services(deny: DenyList) {
    const senders = new Senders(config, deny, attachments);
    const d = new DeliveryService(deliveries, senders, queue, config);
    return { delivery: d, dispatcher: new AlertDispatcher(new AlertsRepository(ds), deliveries, d, config) };
  }

  before(async () => {
    ({ ds, close } = await migratedDataSource(4));
    smtp = await startSmtpListener();
    config = loadConfig({
      MEMFLEET_PUBLIC_URL: `${PUBLIC_URL}/`,
      MEMFLEET_DELIVERY_ATTEMPTS: '3',
      MEMFLEET_DELIVERY_BACKOFF_SECONDS: '1',
      MEMFLEET_SMTP_URL: smtp.url,
      MEMFLEET_SMTP_FROM: 'alerts@memfleet.test',
    });
    destinations = new DestinationsRepository(ds);
    deliveries = new DeliveriesRepository(ds);
    queue = new InlineQueue({ queues: queuesSettings(config, false) });
    ({ delivery, dispatcher } = services(DenyList.parse(null)));
    queue.process({
      [JobName.DeliverMessage]: (data: { deliveryId: string }) => delivery.deliver(data.deliveryId),
      [JobName.DispatchAlerts]: () => dispatcher.dispatch(),
    } as unknown as JobHandlers);
  });
  after(async () => {
    await queue.close();
    await Promise.all(receivers.map((r) => r.close()));
    await smtp.close();
    await close();
  });
  // The dispatcher sends to every destination, and a new one hears of findings whose events are recent:
  // each test starts with its own destinations and findings.
  beforeEach(async () => {
    await ds.query(`DELETE FROM destinations`);
    await ds.query(`DELETE FROM finding_events`);
    await ds.query(`DELETE FROM findings`);
  });

  const destination = async (d: Partial<DestinationWrite> & Pick<DestinationWrite, 'type'>) => {
    const row = await destinations.create({ name: `d-${Math.random().toString(36).slice(2)}`, url: null, to: null, secret: null, ...d }, 'test');
    assert.notEqual(row, 'duplicate');
    return row as Exclude<typeof row, 'duplicate'>;
  };

  /** Moves a finding to `outcome`/`severity` with the finding event evaluation would write. */
  async function setFinding(hostId: string, ruleId: string, subject: string, outcome: 'hit' | 'pass', severity: string | null, silenced = false) {
    const [prev] = (await ds.query(`SELECT outcome, severity FROM findings WHERE host_id = $1 AND rule_id = $2 AND subject = $3`, [
      hostId,
      ruleId,
      subject,
    ])) as {
      outcome: string;
      severity: string | null;
    }[];
    const wasHit = prev?.outcome === 'hit';
    const kind = !wasHit && outcome === 'hit' ? 'opened' : wasHit && outcome !== 'hit' ? 'resolved' : 'severity-changed';
    const [f] = (await ds.query(
      `INSERT INTO findings (host_id, rule_id, subject, outcome, severity, rule_version, summary, silenced, opened_at, resolved_at)
       VALUES ($1, $2, $3, $4::text, $5, 1, $6, $7, CASE WHEN $4::text = 'hit' THEN now() END, CASE WHEN $4::text <> 'hit' THEN now() END)
       ON CONFLICT (host_id, rule_id, subject) DO UPDATE SET outcome = EXCLUDED.outcome, severity = EXCLUDED.severity, summary = EXCLUDED.summary,
         silenced = EXCLUDED.silenced, opened_at = CASE WHEN EXCLUDED.outcome = 'hit' THEN COALESCE(findings.opened_at, now()) END,
         resolved_at = EXCLUDED.resolved_at
       RETURNING id`,
      [hostId, ruleId, subject, outcome, severity, `${ruleId} on ${subject || 'host'}: ${outcome} ${severity ?? ''}`.trim(), silenced],
    )) as { id: string }[];
    await ds.query(
      `INSERT INTO finding_events (finding_id, host_id, rule_id, subject, kind, severity, previous_severity) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [f.id, hostId, ruleId, subject, kind, outcome === 'hit' ? severity : null, prev?.severity ?? null],
    );
  }

  const reported = (hostId: string) => ds.query(`UPDATE hosts SET last_seen_at = now(), interval_seconds = 60 WHERE id = $1`, [hostId]);
  const settled = (id: string) =>
    until(
      `delivery ${id} to finish`,
      async () => {
        const d = await deliveries.get(id);
        return d && (d.status === 'delivered' || d.status === 'dead') ? d : null;
      },
      30_000,
      50,
    );
  const deliveriesOf = async (destinationId: string) => (await deliveries.page(destinationId, null, null, 100)).rows;

  it('batches two findings that turned critical into one signed request, and sends neither again while their severity stays', async () => {
    const hook = await receiver((r) => ({
      status: verifyWebhook(SECRET, String(r.headers[TIMESTAMP_HEADER.toLowerCase()]), r.body, String(r.headers[SIGNATURE_HEADER.toLowerCase()])) ? 204 : 401,
    }));
    const dest = await destination({ type: 'webhook', url: `${hook.url}/memfleet`, secret: SECRET });
    const a = await enrolledHost(ds, { hostname: 'gw-a' });
    const b = await enrolledHost(ds, { hostname: 'gw-b' });
    await Promise.all([reported(a.id), reported(b.id)]);
    await dispatcher.dispatch(); // whatever came before this test

    await setFinding(a.id, 'wasm-vm-explosion', 'envoy[101]', 'hit', 'critical');
    await setFinding(b.id, 'numa-imbalance', '', 'hit', 'warning');
    await setFinding(b.id, 'numa-imbalance', '', 'hit', 'critical'); // turned critical
    await setFinding(b.id, 'thp-always', '', 'hit', 'warning'); // never critical: no alert
    const first = await dispatcher.dispatch();
    assert.equal(first.deliveries, 1, 'one delivery for the one destination');
    const [d] = await deliveriesOf(dest.id);
    assert.equal((await settled(d.id)).status, 'delivered');
    assert.equal(hook.received.length, 1, 'one request');
    const req = hook.received[0];
    assert.equal(req.path, '/memfleet');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.ok(
      verifyWebhook(SECRET, String(req.headers['x-memfleet-timestamp']), req.body, String(req.headers['x-memfleet-signature'])),
      'the signature verifies',
    );
    assert.ok(!verifyWebhook('another-secret-0123456789', String(req.headers['x-memfleet-timestamp']), req.body, String(req.headers['x-memfleet-signature'])));
    const body = JSON.parse(req.body) as WebhookBody;
    assert.equal(body.kind, 'alert');
    assert.equal(body.deliveryId, d.id);
    assert.deepEqual(
      body.alerts.map((x) => [x.status, x.ruleId, x.host.id, x.host.hostname, x.subject, x.severity, x.url, x.endsAt]),
      [
        ['firing', 'wasm-vm-explosion', a.id, 'gw-a', 'envoy[101]', 'critical', `${PUBLIC_URL}/hosts/${a.id}`, null],
        ['firing', 'numa-imbalance', b.id, 'gw-b', '', 'critical', `${PUBLIC_URL}/hosts/${b.id}`, null],
      ],
    );
    assert.ok(body.alerts.every((x) => x.summary.length > 0 && x.startsAt));

    // The same severity again (a new event for it, and the events read again within the lag): nothing new.
    await setFinding(a.id, 'wasm-vm-explosion', 'envoy[101]', 'hit', 'critical');
    assert.equal((await dispatcher.dispatch()).deliveries, 0);
    assert.equal((await dispatcher.dispatch()).deliveries, 0);
    assert.equal(hook.received.length, 1);
    assert.deepEqual(await new AlertsRepository(ds).state(dest.id, a.id, 'wasm-vm-explosion', 'envoy[101]'), { severity: 'critical', firing: true });
  });

  it('sends a resolution with endsAt to an Alertmanager-style receiver, only where the alert fired, and skips silenced findings', async () => {
    const am = await receiver(() => ({ status: 200 }));
    await destination({ type: 'alertmanager', url: `${am.url}/` });
    const h = await enrolledHost(ds, { hostname: 'db-1' });
    await reported(h.id);
    await dispatcher.dispatch();
    await setFinding(h.id, 'oom-risk', 'postgres[7]', 'hit', 'critical');
    await setFinding(h.id, 'swap-thrash', '', 'hit', 'critical', true); // silenced
    await dispatcher.dispatch();
    await until('the firing alert', async () => am.received.length === 1);
    assert.equal(am.received[0].path, '/api/v2/alerts');
    const [firing] = JSON.parse(am.received[0].body) as {
      labels: Record<string, string>;
      annotations: Record<string, string>;
      startsAt: string;
      endsAt?: string;
    }[];
    assert.equal(JSON.parse(am.received[0].body).length, 1, 'the silenced finding is not sent');
    assert.deepEqual(firing.labels, { alertname: 'oom-risk', host: 'db-1', host_id: h.id, subject: 'postgres[7]', severity: 'critical' });
    assert.equal(firing.annotations.memfleet_url, `${PUBLIC_URL}/hosts/${h.id}`);
    assert.ok(firing.annotations.summary);
    assert.ok(firing.startsAt);
    assert.ok(firing.endsAt && Date.parse(firing.endsAt) > Date.now(), 'a firing alert ends by itself only if it is not sent again');

    await setFinding(h.id, 'oom-risk', 'postgres[7]', 'pass', null);
    await setFinding(h.id, 'swap-thrash', '', 'pass', null); // never fired: no resolution either
    await dispatcher.dispatch();
    await until('the resolution', async () => am.received.length === 2);
    const resolved = JSON.parse(am.received[1].body) as { labels: Record<string, string>; endsAt?: string }[];
    assert.equal(resolved.length, 1);
    assert.deepEqual(resolved[0].labels, firing.labels, 'the same labels end the same alert');
    assert.ok(resolved[0].endsAt && Date.parse(resolved[0].endsAt) <= Date.now());
    assert.equal((await dispatcher.dispatch()).deliveries, 0, 'resolved once');
  });

  it('alerts a critical finding once its silence is revoked, and resolves a firing alert whose finding gets silenced', async () => {
    const hook = await receiver();
    const dest = await destination({ type: 'webhook', url: hook.url, secret: SECRET });
    const silences = new SilencesRepository(ds);
    const h = await enrolledHost(ds, { hostname: 'sil-1' });
    await reported(h.id);
    await dispatcher.dispatch();
    const silence = (ruleId: string) =>
      silences.create({ ruleId, hostId: h.id, labelSelector: null, reason: 'known', author: 'test', expiresAt: new Date(Date.now() + 3600_000) });

    // Silenced before the batch: nothing is sent.
    await setFinding(h.id, 'oom-risk', 'java[1]', 'hit', 'critical');
    const first = await silence('oom-risk');
    await silences.applyToFindings('oom-risk');
    assert.equal((await dispatcher.dispatch()).deliveries, 0, 'a silenced critical finding is not alerted');
    // Revoked: the still-critical finding fires at the next batch, though no finding event was written.
    await ds.query(`DELETE FROM finding_events`);
    await silences.revoke(first);
    await silences.applyToFindings('oom-risk');
    assert.equal((await dispatcher.dispatch()).deliveries, 1);
    await until('the firing alert', async () => hook.received.length === 1);
    assert.deepEqual(
      (JSON.parse(hook.received[0].body) as WebhookBody).alerts.map((a) => [a.status, a.ruleId, a.subject]),
      [['firing', 'oom-risk', 'java[1]']],
    );
    assert.equal((await dispatcher.dispatch()).deliveries, 0, 'fired once');

    // Silenced while firing: its resolution is sent.
    await silence('oom-risk');
    await silences.applyToFindings('oom-risk');
    assert.equal((await dispatcher.dispatch()).deliveries, 1);
    await until('the resolution', async () => hook.received.length === 2);
    const [resolved] = (JSON.parse(hook.received[1].body) as WebhookBody).alerts;
    assert.deepEqual([resolved.status, resolved.ruleId, resolved.severity], ['resolved', 'oom-risk', 'critical']);
    assert.match(resolved.summary, /^Silenced: /);
    assert.deepEqual(await new AlertsRepository(ds).state(dest.id, h.id, 'oom-risk', 'java[1]'), { severity: 'critical', firing: false });
    assert.equal((await dispatcher.dispatch()).deliveries, 0, 'resolved once');
  });

  it('repeats a firing alert to Alertmanager every batch until it resolves, and tells a webhook once', async () => {
    const am = await receiver(() => ({ status: 200 }));
    const hook = await receiver();
    const amDest = await destination({ type: 'alertmanager', url: am.url });
    await destination({ type: 'webhook', url: hook.url, secret: SECRET });
    const h = await enrolledHost(ds, { hostname: 'rep-1' });
    await reported(h.id);
    await dispatcher.dispatch();
    await setFinding(h.id, 'oom-risk', 'redis[3]', 'hit', 'critical');
    for (let batch = 1; batch <= 3; batch++) {
      await dispatcher.dispatch();
      await until(`batch ${batch} at Alertmanager`, async () => am.received.length === batch);
    }
    type Sent = { labels: Record<string, string>; startsAt: string; endsAt: string }[];
    const sent = am.received.map((r) => JSON.parse(r.body) as Sent);
    for (const alerts of sent) {
      assert.deepEqual(
        alerts.map((a) => [a.labels.alertname, a.labels.subject]),
        [['oom-risk', 'redis[3]']],
      );
      const endsAt = Date.parse(alerts[0].endsAt);
      assert.ok(endsAt > Date.now() && endsAt <= Date.now() + 5 * config.alertBatchSeconds * 1000, 'firing: ends a few batches from now');
      assert.equal(alerts[0].startsAt, sent[0][0].startsAt, 'the same alert each time');
    }
    assert.equal(hook.received.length, 1, 'the webhook is told once');
    assert.equal((await deliveriesOf(amDest.id)).length, 3);

    await setFinding(h.id, 'oom-risk', 'redis[3]', 'pass', null);
    await dispatcher.dispatch();
    await until('the resolution', async () => am.received.length === 4);
    const [resolved] = JSON.parse(am.received[3].body) as Sent;
    assert.equal(resolved.labels.alertname, 'oom-risk');
    assert.ok(Date.parse(resolved.endsAt) <= Date.now(), 'a resolution ends now or before');
    assert.equal((await dispatcher.dispatch()).deliveries, 0, 'nothing firing: nothing repeated');
    await until('the webhook resolution', async () => hook.received.length === 2);
  });

  it('alerts a host going stale once per staleness episode, and when it reports again', async () => {
    const hook = await receiver();
    await destination({ type: 'webhook', url: hook.url, secret: SECRET });
    const h = await enrolledHost(ds, { hostname: 'edge-9' });
    await reported(h.id);
    await dispatcher.dispatch();
    await ds.query(`UPDATE hosts SET last_seen_at = now() - interval '150 seconds' WHERE id = $1`, [h.id]);
    await dispatcher.dispatch();
    await dispatcher.dispatch();
    await until('the stale alert', async () => hook.received.length >= 1);
    const stale = (JSON.parse(hook.received[0].body) as WebhookBody).alerts;
    assert.deepEqual(
      stale.map((a) => [a.status, a.ruleId, a.host.hostname, a.severity]),
      [['firing', 'host-stale', 'edge-9', 'warning']],
    );
    await reported(h.id);
    await dispatcher.dispatch();
    await until('the host reporting again', async () => hook.received.length === 2);
    assert.deepEqual(
      (JSON.parse(hook.received[1].body) as WebhookBody).alerts.map((a) => [a.status, a.ruleId, a.host.hostname, Boolean(a.endsAt)]),
      [['resolved', 'host-stale', 'edge-9', true]],
    );
    assert.equal(hook.received.length, 2, 'one alert per episode');
  });

  it('starts a new install from the newest finding event, not the fleet history', async () => {
    const hook = await receiver();
    await destination({ type: 'webhook', url: hook.url, secret: SECRET });
    const h = await enrolledHost(ds, { hostname: 'up-1' });
    await reported(h.id);
    await setFinding(h.id, 'oom-risk', 'old[1]', 'hit', 'critical'); // history from before alerts existed
    await ds.query(`DELETE FROM settings WHERE key = 'alerts-events-watermark'`);
    assert.equal((await dispatcher.dispatch()).deliveries, 0, 'the history is not replayed');
    await setFinding(h.id, 'oom-risk', 'new[2]', 'hit', 'critical');
    assert.equal((await dispatcher.dispatch()).deliveries, 1);
    await until('the new alert', async () => hook.received.length === 1);
    assert.deepEqual(
      (JSON.parse(hook.received[0].body) as WebhookBody).alerts.map((a) => a.subject),
      ['new[2]'],
    );
  });

  it('does not tell a new destination of hosts that were stale long before it existed', async () => {
    const long = await enrolledHost(ds, { hostname: 'dead-1' });
    const recent = await enrolledHost(ds, { hostname: 'edge-2' });
    await ds.query(`UPDATE hosts SET last_seen_at = now() - interval '30 days', interval_seconds = 60 WHERE id = $1`, [long.id]);
    await reported(recent.id);
    const hook = await receiver();
    await destination({ type: 'webhook', url: hook.url, secret: SECRET });
    assert.equal((await dispatcher.dispatch()).deliveries, 0, 'stale for a month: not news');
    await ds.query(`UPDATE hosts SET last_seen_at = now() - interval '150 seconds' WHERE id = $1`, [recent.id]);
    assert.equal((await dispatcher.dispatch()).deliveries, 1);
    await until('the stale alert', async () => hook.received.length === 1);
    assert.deepEqual(
      (JSON.parse(hook.received[0].body) as WebhookBody).alerts.map((a) => [a.ruleId, a.host.hostname]),
      [['host-stale', 'edge-2']],
    );
    await reported(recent.id); // not stale for the tests after this one
    await ds.query(`UPDATE hosts SET retired_at = now() WHERE id = $1`, [long.id]);
  });

  it('retries a receiver answering 500 with backoff, then marks the delivery dead with the last error', async () => {
    const failing = await receiver(() => ({ status: 500 }));
    const dest = await destination({ type: 'slack', url: `${failing.url}/services/T0/B0/x` });
    const id = await delivery.enqueue(dest.id, 'test', { title: 'hello', text: 'a test', url: null, alerts: [] });
    const dead = await settled(id);
    assert.equal(dead.status, 'dead');
    assert.equal(dead.attempts, 3);
    assert.equal(dead.responseStatus, 500);
    assert.match(dead.lastError ?? '', /HTTP 500/);
    assert.equal(failing.received.length, 3, 'three attempts reached the receiver');
    const slack = JSON.parse(failing.received[0].body) as { text: string; blocks: { type: string }[] };
    assert.match(slack.text, /hello/);
    assert.equal(slack.blocks[0].type, 'header');
    assert.deepEqual(
      (await deliveries.page(dest.id, 'dead', null, 10)).rows.map((r) => r.id),
      [id],
      'visible in the delivery log as dead',
    );
  });

  it('counts an attempt when it is claimed, so a send that stops the worker every time ends dead', async () => {
    const hook = await receiver();
    const dest = await destination({ type: 'webhook', url: hook.url, secret: SECRET });
    const id = await deliveries.create(dest.id, 'test', { title: 'crash', text: 'crash', url: null, alerts: [] }, 'crash');
    // Three workers claim it and die mid-send (the lease of 0 s lets the next one take it at once).
    for (let n = 1; n <= config.deliveryAttempts; n++) {
      const claimed = await deliveries.claim(id, 0);
      assert.equal(claimed?.attempts, n, `claim ${n} counts`);
    }
    assert.equal(await delivery.deliver(id), 'dead');
    const d = (await deliveries.get(id))!;
    assert.equal(d.status, 'dead');
    assert.equal(d.attempts, config.deliveryAttempts + 1);
    assert.match(d.lastError ?? '', /worker stopped during each of 3 attempt/);
    assert.equal(hook.received.length, 0, 'not sent a fourth time');
  });

  it('prunes finished deliveries and resolved alert states older than the history, keeping the rest', async () => {
    const dest = await destination({ type: 'webhook', url: 'http://127.0.0.1:9/', secret: SECRET });
    const h = await enrolledHost(ds, { hostname: 'prune-1' });
    const make = async (status: string, ageDays: number) => {
      const id = await deliveries.create(dest.id, 'test', { title: status, text: '', url: null, alerts: [] }, `${status}-${ageDays}`);
      await ds.query(`UPDATE deliveries SET status = $2, created_at = now() - make_interval(days => $3) WHERE id = $1`, [id, status, ageDays]);
      return id;
    };
    const kept = [await make('delivered', 1), await make('pending', 30), await make('retrying', 30), await make('dead', 1)];
    await make('delivered', 30);
    await make('dead', 30);
    const state = (subject: string, firing: boolean, ageDays: number) =>
      ds.query(
        `INSERT INTO alert_state (destination_id, host_id, rule_id, subject, severity, firing, updated_at) VALUES ($1, $2, 'r', $3, 'critical', $4, now() - make_interval(days => $5))`,
        [dest.id, h.id, subject, firing, ageDays],
      );
    await state('old-resolved', false, 30);
    await state('old-firing', true, 30);
    await state('new-resolved', false, 1);
    const alerts = new AlertsRepository(ds);
    assert.equal(await deliveries.pruneFinishedOlderThan(14, 1000), 2);
    assert.equal(await alerts.pruneResolvedOlderThan(14, 1000), 1);
    assert.deepEqual((await deliveriesOf(dest.id)).map((d) => d.id).sort(), [...kept].sort());
    assert.deepEqual(
      ((await ds.query(`SELECT subject FROM alert_state WHERE destination_id = $1 ORDER BY subject`, [dest.id])) as { subject: string }[]).map(
        (r) => r.subject,
      ),
      ['new-resolved', 'old-firing'],
    );
  });

  it('does not follow a redirect: the delivery fails naming it, and the target is never called', async () => {
    const target = await receiver();
    const redirecting = await receiver(() => ({ status: 302, headers: { location: `${target.url}/elsewhere` } }));
    const dest = await destination({ type: 'webhook', url: redirecting.url, secret: SECRET });
    const d = await settled(await delivery.enqueue(dest.id, 'test', { title: 't', text: 't', url: null, alerts: [] }));
    assert.equal(d.status, 'dead');
    assert.equal(d.responseStatus, 302);
    assert.match(d.lastError ?? '', new RegExp(`redirect to ${target.url}/elsewhere not followed`));
    assert.equal(redirecting.received.length, 1);
    assert.equal(target.received.length, 0);
  });

  it('refuses an address in the deny list after resolving the host name, IPv4 and IPv6', async () => {
    const hook = await receiver();
    const denied = services(DenyList.parse('127.0.0.0/8, ::1/128'));
    const port = new URL(hook.url).port;
    for (const url of [`http://localhost:${port}/`, `http://127.0.0.1:${port}/`, `http://[::1]:${port}/`]) {
      const dest = await destination({ type: 'webhook', url, secret: SECRET });
      const id = await deliveries.create(dest.id, 'test', { title: 't', text: 't', url: null, alerts: [] }, 't');
      assert.equal(await denied.delivery.deliver(id), 'dead', url);
      const d = (await deliveries.get(id))!;
      assert.match(d.lastError ?? '', /refused: .* in MEMFLEET_DESTINATION_DENY_CIDRS \((127\.0\.0\.0\/8|::1\/128)\)/, url);
      assert.equal(d.attempts, 1);
    }
    assert.equal(hook.received.length, 0, 'nothing reached the receiver');
  });

  it('delivers e-mail to a real SMTP listener with an HTML body and the attachments', async () => {
    const dest = await destination({ type: 'email', to: ['ops@example.com', 'oncall@example.com'] });
    const id = await delivery.enqueue(dest.id, 'audit', {
      title: 'Fleet audit 2026-12-01',
      text: '3 critical findings',
      url: `${PUBLIC_URL}/audits/1`,
      alerts: [],
      auditId: '1',
    });
    assert.equal((await settled(id)).status, 'delivered');
    assert.equal(smtp.mails.length, 1);
    const mail = smtp.mails[0];
    assert.equal(mail.from, 'alerts@memfleet.test');
    assert.deepEqual(mail.to, ['ops@example.com', 'oncall@example.com']);
    assert.match(mail.raw, /Subject: Fleet audit 2026-12-01/);
    assert.match(mail.raw, /Content-Type: text\/html/);
    assert.match(mail.raw, /filename=audit\.csv/);
    assert.match(mail.raw, /filename=audit\.pdf/);
    assert.ok(mail.raw.replace(/\r?\n/g, '').includes(Buffer.from('host,ruleId\ngw-1,numa\n').toString('base64')), 'the CSV attachment content');
    assert.ok(mail.raw.replace(/\r?\n/g, '').includes(Buffer.from('%PDF-1.4 fake').toString('base64')), 'the streamed PDF attachment content');
  });

  it('sends one delivery however many dispatchers run the batch at once', async () => {
    const hook = await receiver();
    const dest = await destination({ type: 'webhook', url: hook.url, secret: SECRET });
    const h = await enrolledHost(ds, { hostname: 'par-1' });
    await reported(h.id);
    await dispatcher.dispatch();
    await setFinding(h.id, 'oom-risk', 'java[1]', 'hit', 'critical');
    const others = [services(DenyList.parse(null)).dispatcher, services(DenyList.parse(null)).dispatcher];
    const outs = await Promise.all([dispatcher, ...others].map((d) => d.dispatch()));
    assert.equal(
      outs.reduce((n, o) => n + o.deliveries, 0),
      1,
    );
    assert.equal((await deliveriesOf(dest.id)).length, 1);
  });

  it('queues again a delivery whose job was lost, once it is overdue', async () => {
    const hook = await receiver();
    const dest = await destination({ type: 'webhook', url: hook.url, secret: SECRET });
    // Stored but never queued (the process died before adding its job), and overdue by more than a lease.
    const id = await deliveries.create(dest.id, 'test', { title: 'lost', text: 'lost', url: null, alerts: [] }, 'lost');
    await ds.query(`UPDATE deliveries SET next_attempt_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
    const out = await dispatcher.dispatch();
    assert.deepEqual(out, { deliveries: 0, requeued: 1 }, JSON.stringify(await ds.query(`SELECT id, status, next_attempt_at, summary FROM deliveries`)));
    assert.equal((await settled(id)).status, 'delivered');
    assert.equal(hook.received.length, 1);
  });
});
