import { useEffect, useState, type FormEvent } from 'react';
import { parseLabel } from '@memfleet/contracts/labels';
import { describeError, qs, request } from '../api/client';
import type { CreateSilence, Finding, Silence } from '../api/types';
import { dateTime, evidenceValue, fromZoneInput, zoneInputValue, zoneName } from '../format';
import { useHoldRefresh } from '../live';
import { Link } from '../router';
import { useCan } from '../session';
import { EffectBadge, RemediationStep } from './RemediationStep';
import { RichText } from './RichText';
import { OutcomeBadge, SeverityBadge } from './Severity';
import { SilenceNote } from './SilenceNote';
import { isShared, type SharedStep } from './subjects';

/** The allocator-fragmentation step that asks for a recorded trace: the dashboard's trace lab replays one. */
const REPLAY_TRACE_STEP = 'allocator.replay-trace';

function TraceLabLink({ hostId, subject }: { hostId: string; subject: string | null }) {
  return (
    <p className="small">
      <Link to={`/traces${qs({ hostId, subject })}`} data-trace-lab>
        Replay this process’s trace in the trace lab
      </Link>{' '}
      — upload one recorded here, or pick one already uploaded, and compare allocator designs against the ratio measured here.
    </p>
  );
}

const DURATIONS = [
  { hours: 24, label: '1 day' },
  { hours: 24 * 7, label: '7 days' },
  { hours: 24 * 30, label: '30 days' },
  { hours: 24 * 90, label: '90 days' },
];

/** Acknowledge = a silence for this rule on one host (or fleet-wide from the rule page). */
export function AckForm({
  ruleId,
  hostId,
  hostname,
  onDone,
  onCancel,
}: {
  ruleId: string;
  hostId?: string;
  hostname?: string;
  onDone: (s: Silence) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [mode, setMode] = useState<'duration' | 'until'>('duration');
  const [hours, setHours] = useState(24 * 7);
  const [until, setUntil] = useState('');
  const [labels, setLabels] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idp = `ack-${ruleId}-${hostId ?? 'fleet'}`;
  // An open form holds the page still: a refresh must not move it or what it is about.
  useHoldRefresh(true);
  const zone = zoneName();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const body: CreateSilence = { ruleId, reason: reason.trim() };
    if (hostId) body.hostId = hostId;
    if (!hostId && labels.trim()) {
      const selector: Record<string, string> = {};
      for (const text of labels.split(/[\s,]+/).filter(Boolean)) {
        const label = parseLabel(text);
        if (!label.ok) return setError(`"${text}" ${label.reason}.`);
        selector[label.key] = label.value;
      }
      body.labels = selector;
    }
    if (mode === 'duration') body.durationHours = hours;
    else {
      // The picker reads in the zone every time on screen is shown in (UTC unless the viewer chose the browser's).
      const at = fromZoneInput(until);
      if (!at) return setError('Pick when the silence ends.');
      body.expiresAt = at.toISOString();
    }
    setBusy(true);
    try {
      onDone(await request<Silence>('/silences', { method: 'POST', body }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="ack-form" onSubmit={(e) => void submit(e)} aria-label={`Acknowledge ${ruleId}`}>
      <p className="small muted" style={{ margin: 0 }}>
        Silences every <strong>{ruleId}</strong> finding{' '}
        {hostId ? <>on {hostname ?? 'this host'}</> : labels.trim() ? 'on hosts with these labels' : 'on every host'}. Silenced findings stay listed but leave
        the totals until the silence ends.
      </p>
      {!hostId && (
        <div>
          <label htmlFor={`${idp}-labels`}>Only hosts with labels (optional, key=value)</label>
          <input id={`${idp}-labels`} value={labels} onChange={(e) => setLabels(e.target.value)} placeholder="env=staging" />
        </div>
      )}
      <div>
        <label htmlFor={`${idp}-reason`}>Reason</label>
        <textarea
          id={`${idp}-reason`}
          required
          minLength={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="Why, for whoever reads this later (ticket, planned fix…)"
        />
      </div>
      <fieldset className="row" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="small" style={{ fontWeight: 600 }}>
          Expires
        </legend>
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="radio" name={`${idp}-mode`} checked={mode === 'duration'} onChange={() => setMode('duration')} /> after
        </label>
        <select aria-label="Duration" value={hours} onChange={(e) => setHours(Number(e.target.value))} disabled={mode !== 'duration'}>
          {DURATIONS.map((d) => (
            <option key={d.hours} value={d.hours}>
              {d.label}
            </option>
          ))}
        </select>
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="radio" name={`${idp}-mode`} checked={mode === 'until'} onChange={() => setMode('until')} /> at
        </label>
        {/* Typed as every time on screen reads (a native picker would show the browser's own format and zone). */}
        <input
          aria-label={`Expires at, YYYY-MM-DD HH:mm ${zone}`}
          value={until}
          placeholder={zoneInputValue(new Date(Date.now() + 7 * 86_400_000)).replace('T', ' ')}
          onChange={(e) => setUntil(e.target.value)}
          onFocus={() => mode !== 'until' && setMode('until')}
          style={{ width: '11rem' }}
          className="mono"
        />
        <span className="muted small" data-testid="ack-zone">
          {zone}
          {mode === 'until' && until && !fromZoneInput(until) && ' · not a time yet (YYYY-MM-DD HH:mm)'}
        </span>
      </fieldset>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || reason.trim().length < 3}>
          {busy ? 'Saving…' : 'Acknowledge'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function FindingCard({
  finding: f,
  showHost = false,
  showSubject = true,
  shared,
  onChanged,
  bootTimeEpochSeconds,
}: {
  finding: Finding;
  showHost?: boolean;
  /** Off where a heading above already names the subject. */
  showSubject?: boolean;
  /** Steps said once for several subjects: the card names them instead of repeating them. */
  shared?: readonly SharedStep[];
  onChanged?: () => void;
  /** The host's boot time: a time since boot then also reads as a UTC time. */
  bootTimeEpochSeconds?: number | null;
}) {
  const canAck = useCan('operator');
  const [acking, setAcking] = useState(false);
  const [done, setDone] = useState<Silence | null>(null);
  // A revoked silence (here or elsewhere) lets the finding be acknowledged again.
  useEffect(() => {
    if (!f.silenced) setDone(null);
  }, [f.silenced]);
  const border = f.outcome === 'hit' && f.severity ? `sev-border-${f.severity}` : '';
  return (
    <article
      className={`finding ${border}${f.silenced ? ' is-silenced' : ''}`}
      aria-label={`${f.ruleId} ${f.outcome}${f.severity ? ` ${f.severity}` : ''}`}
      data-rule={f.ruleId}
    >
      <div className="finding-head">
        {f.outcome === 'hit' ? <SeverityBadge severity={f.severity} /> : <OutcomeBadge outcome={f.outcome} />}
        <Link className="rule" to={`/rules/${encodeURIComponent(f.ruleId)}`}>
          {f.ruleId}
        </Link>
        {showHost && (
          <>
            on <Link to={`/hosts/${f.hostId}`}>{f.hostname}</Link>
          </>
        )}
        {f.silenced && (
          <span className="badge silenced" title="An active silence covers it: listed, not counted">
            acknowledged (silenced)
          </span>
        )}
        {f.outcome === 'hit' && f.openedAt && <span className="muted small">since {dateTime(f.openedAt)}</span>}
        {f.outcome === 'hit' && canAck && !f.silenced && !acking && !done && (
          <button type="button" style={{ marginLeft: 'auto' }} onClick={() => setAcking(true)}>
            Acknowledge…
          </button>
        )}
      </div>
      {showSubject && f.subject && <div className="subject">{f.subject}</div>}
      <SilenceNote finding={f} />
      <p className="summary">
        <RichText text={f.summary} />
      </p>
      {f.outcome === 'not-evaluated' && f.missing.length > 0 && (
        <div>
          <strong className="small">Missing facts:</strong>
          <ul className="small">
            {f.missing.map((m) => (
              <li key={m.fact}>
                <code>{m.fact}</code> — supplied by {m.suppliedBy}
              </li>
            ))}
          </ul>
        </div>
      )}
      {f.evidence.length > 0 && (
        <table className="evidence small">
          <caption className="muted small" style={{ textAlign: 'left' }}>
            Evidence
          </caption>
          <tbody>
            {f.evidence.map((e) => (
              <tr key={e.key}>
                <th scope="row">{e.label}</th>
                <td className={e.value === null ? 'unknown' : undefined}>{evidenceValue(e, bootTimeEpochSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {f.outcome === 'hit' &&
        f.remediation.map((r) =>
          shared && isShared(shared, f, r) ? (
            <p className="small remedy-shared" key={r.key}>
              Remediation: <strong>{r.title}</strong> <EffectBadge effect={r.effect} /> — the same step for this host’s other instances, said once above.
            </p>
          ) : (
            <RemediationStep key={r.key} step={r} action={r.key === REPLAY_TRACE_STEP ? <TraceLabLink hostId={f.hostId} subject={f.subject} /> : undefined} />
          ),
        )}
      {acking && (
        <AckForm
          ruleId={f.ruleId}
          hostId={f.hostId}
          hostname={f.hostname}
          onCancel={() => setAcking(false)}
          onDone={(s) => {
            setAcking(false);
            setDone(s);
            onChanged?.();
          }}
        />
      )}
      {done && (
        <p className="success-box" role="status">
          Acknowledged until {dateTime(done.expiresAt)}; it now covers {done.findingsCovered} {done.findingsCovered === 1 ? 'hit' : 'hits'}.
        </p>
      )}
    </article>
  );
}
