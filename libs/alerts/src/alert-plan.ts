import {
  HOST_STALE_RULE,
  type AlertCandidates,
  type AlertStateWrite,
  type FindingAlertCandidate,
  type PlannedDelivery,
  type RepeatAlertCandidate,
  type StaleAlertCandidate,
} from '@memfleet/persistence';
import type { AlertItem, DeliveryMessage } from './message';

const SUMMARY_LENGTH = 500;
/** Host-stale alerts are warnings: the host may only have lost its network. */
export const STALE_SEVERITY = 'warning';

export const hostUrl = (publicUrl: string, hostId: string): string => `${publicUrl}/hosts/${hostId}`;

function findingAlert(c: FindingAlertCandidate, publicUrl: string, now: Date): { alert: AlertItem; state: AlertStateWrite } {
  const host = { id: c.hostId, hostname: c.hostname };
  const key = { destinationId: c.destinationId, hostId: c.hostId, ruleId: c.ruleId, subject: c.subject };
  if (c.fire)
    return {
      alert: {
        status: 'firing',
        ruleId: c.ruleId,
        host,
        subject: c.subject,
        severity: c.severity!,
        summary: c.summary ?? c.ruleId,
        url: hostUrl(publicUrl, c.hostId),
        startsAt: (c.openedAt ?? now).toISOString(),
        endsAt: null,
      },
      state: { ...key, severity: c.severity, firing: true },
    };
  const summary = c.silenced
    ? `Silenced: ${c.summary ?? c.ruleId}`
    : c.severity && c.summary
      ? `No longer critical (now ${c.severity}): ${c.summary}`
      : (c.summary ?? `Resolved: ${c.ruleId} no longer applies`);
  return {
    alert: {
      status: 'resolved',
      ruleId: c.ruleId,
      host,
      subject: c.subject,
      severity: c.sentSeverity ?? 'critical',
      summary,
      url: hostUrl(publicUrl, c.hostId),
      startsAt: c.openedAt?.toISOString() ?? null,
      endsAt: (c.resolvedAt ?? now).toISOString(),
    },
    state: { ...key, severity: c.severity, firing: false },
  };
}

function staleAlert(c: StaleAlertCandidate, publicUrl: string, now: Date): { alert: AlertItem; state: AlertStateWrite } {
  const host = { id: c.hostId, hostname: c.hostname };
  const since = c.lastSeenAt ? new Date(c.lastSeenAt.getTime() + 2 * c.intervalSeconds * 1000) : now;
  return {
    alert: {
      status: c.fire ? 'firing' : 'resolved',
      ruleId: HOST_STALE_RULE,
      host,
      subject: '',
      severity: STALE_SEVERITY,
      summary: c.fire
        ? `No report since ${c.lastSeenAt?.toISOString() ?? 'enrolment'} (expected every ${c.intervalSeconds} s)`
        : `Reports again (last report ${c.lastSeenAt?.toISOString() ?? 'unknown'})`,
      url: hostUrl(publicUrl, c.hostId),
      startsAt: since.toISOString(),
      endsAt: c.fire ? null : now.toISOString(),
    },
    state: { destinationId: c.destinationId, hostId: c.hostId, ruleId: HOST_STALE_RULE, subject: '', severity: STALE_SEVERITY, firing: c.fire },
  };
}

/** A firing alert sent again as it was (its state does not change). */
function repeatAlert(c: RepeatAlertCandidate, publicUrl: string, now: Date): AlertItem {
  if (c.ruleId === HOST_STALE_RULE) return staleAlert({ ...c, fire: true }, publicUrl, now).alert;
  return {
    status: 'firing',
    ruleId: c.ruleId,
    host: { id: c.hostId, hostname: c.hostname },
    subject: c.subject,
    severity: c.severity ?? 'critical',
    summary: c.summary ?? c.ruleId,
    url: hostUrl(publicUrl, c.hostId),
    startsAt: (c.openedAt ?? now).toISOString(),
    endsAt: null,
  };
}

/** The message of one destination's batch. */
export function alertMessage(alerts: AlertItem[], publicUrl: string): DeliveryMessage {
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const resolved = alerts.length - firing;
  const counts = [firing ? `${firing} firing` : '', resolved ? `${resolved} resolved` : ''].filter(Boolean).join(', ');
  const one = alerts.length === 1 ? alerts[0] : null;
  return {
    title: one ? `memfleet: ${one.status === 'firing' ? one.severity : 'resolved'} ${one.ruleId} on ${one.host.hostname}` : `memfleet: ${counts}`,
    text: one ? one.summary : `${counts} since the last batch.`,
    url: one ? one.url : publicUrl,
    alerts,
  };
}

/**
 * One delivery per destination holding all its alerts of the batch, with the state each alert leaves
 * (pure: the repository runs it inside the batch's transaction).
 */
export function planAlertDeliveries(c: AlertCandidates, publicUrl: string, now = new Date()): PlannedDelivery[] {
  const byDestination = new Map<string, { alerts: AlertItem[]; states: AlertStateWrite[] }>();
  const add = (destinationId: string, x: { alert: AlertItem; state: AlertStateWrite }) => {
    const entry = byDestination.get(destinationId) ?? byDestination.set(destinationId, { alerts: [], states: [] }).get(destinationId)!;
    entry.alerts.push(x.alert);
    entry.states.push(x.state);
  };
  for (const f of c.findings) add(f.destinationId, findingAlert(f, publicUrl, now));
  for (const s of c.stale) add(s.destinationId, staleAlert(s, publicUrl, now));
  // Alertmanager destinations hear every still-firing alert each batch, unless this batch already changes it.
  const changed = new Set(
    [...byDestination].flatMap(([destinationId, e]) => e.states.map((s) => JSON.stringify([destinationId, s.hostId, s.ruleId, s.subject]))),
  );
  for (const r of c.repeats) {
    if (changed.has(JSON.stringify([r.destinationId, r.hostId, r.ruleId, r.subject]))) continue;
    const entry = byDestination.get(r.destinationId) ?? byDestination.set(r.destinationId, { alerts: [], states: [] }).get(r.destinationId)!;
    entry.alerts.push(repeatAlert(r, publicUrl, now));
  }
  return [...byDestination].map(([destinationId, { alerts, states }]) => {
    const message = alertMessage(alerts, publicUrl);
    const summary = `${message.title}: ${alerts.map((a) => `${a.status === 'firing' ? a.severity : 'resolved'} ${a.ruleId} on ${a.host.hostname}`).join('; ')}`;
    return { destinationId, payload: message, summary: summary.length > SUMMARY_LENGTH ? `${summary.slice(0, SUMMARY_LENGTH - 1)}…` : summary, states };
  });
}
