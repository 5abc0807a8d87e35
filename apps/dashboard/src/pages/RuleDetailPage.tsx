import { useState, type FormEvent } from 'react';
import { describeError, qs, request } from '../api/client';
import type { Finding, Page, Rule, Silence, ThresholdPreview, ThresholdValues, ThresholdsSaved } from '../api/types';
import { AckForm } from '../components/FindingCard';
import { WatchReevaluation } from '../components/Reevaluations';
import { EffectBadge } from '../components/RemediationStep';
import { SeverityBadge, SeverityCount } from '../components/Severity';
import { ErrorBox, Loading } from '../components/States';
import { instancesPhrase, sharedSteps } from '../components/subjects';
import { naturalCompare } from '@memfleet/contracts/natural-order';
import { bytes, dateTime, plural } from '../format';
import { useApi } from '../hooks';
import { refreshAll, useHoldRefresh } from '../live';
import { SilenceNote } from '../components/SilenceNote';
import { Link } from '../router';
import { useCan } from '../session';

function Thresholds({ rule, onSaved }: { rule: Rule; onSaved: () => void }) {
  const canPreview = useCan('operator');
  const canSave = useCan('admin');
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(rule.thresholds.map((t) => [t.name, String(t.value)])));
  const [preview, setPreview] = useState<ThresholdPreview | null>(null);
  const [previewedFor, setPreviewedFor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reevaluationId, setReevaluationId] = useState<string | null>(null);
  // Unsaved values hold the page still.
  useHoldRefresh(rule.thresholds.some((t) => values[t.name] !== String(t.value)));

  if (rule.thresholds.length === 0) return <p className="muted small">This rule has no tunable thresholds.</p>;
  const parsed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)]));
  const invalid = Object.entries(values).find(([, v]) => v.trim() === '' || !Number.isFinite(Number(v)));
  const key = JSON.stringify(parsed);
  const changed = rule.thresholds.some((t) => parsed[t.name] !== t.value);

  const run = async (e: FormEvent, what: 'preview' | 'save') => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const body: ThresholdValues = { values: parsed };
    try {
      if (what === 'preview') {
        setPreview(await request<ThresholdPreview>(`/rules/${encodeURIComponent(rule.id)}/thresholds/preview`, { method: 'POST', body, readOnly: true }));
        setPreviewedFor(key);
      } else {
        const saved = await request<ThresholdsSaved>(`/rules/${encodeURIComponent(rule.id)}/thresholds`, { method: 'PUT', body });
        setReevaluationId(saved.reevaluationId);
        setPreview(null);
      }
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void run(e, 'preview')} aria-label="Thresholds">
      <table className="data small">
        <thead>
          <tr>
            <th scope="col">Threshold</th>
            <th scope="col">In force</th>
            <th scope="col">Default</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {rule.thresholds.map((t) => (
            <tr key={t.name}>
              <th scope="row" className="mono" style={{ fontWeight: 400 }}>
                <label htmlFor={`th-${t.name}`} style={{ fontWeight: 400, margin: 0 }}>
                  {t.name}
                </label>
              </th>
              <td>
                {canPreview ? (
                  <input
                    id={`th-${t.name}`}
                    type="number"
                    step="any"
                    min={0}
                    value={values[t.name]}
                    onChange={(e) => setValues({ ...values, [t.name]: e.target.value })}
                    style={{ width: '9rem' }}
                    aria-describedby={`thd-${t.name}`}
                  />
                ) : (
                  <span id={`th-${t.name}`}>{t.value}</span>
                )}{' '}
                <span className="muted">{t.unit}</span>
                {t.unit === 'bytes' && Number.isFinite(parsed[t.name]) && <span className="muted"> = {bytes(parsed[t.name])}</span>}
                {t.value !== t.default && (
                  <span className="badge" title="An admin changed it from the default">
                    changed
                  </span>
                )}
              </td>
              <td>
                {t.default} <span className="muted">{t.unit}</span>
                {t.unit === 'bytes' && <span className="muted"> = {bytes(t.default)}</span>}
              </td>
              <td id={`thd-${t.name}`}>{t.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canPreview ? (
        <div className="row" style={{ marginTop: '0.5rem' }}>
          <button type="submit" disabled={busy || !!invalid}>
            Preview effect
          </button>
          {canSave && (
            <button
              type="button"
              className="primary"
              disabled={busy || !!invalid || !changed || previewedFor !== key}
              onClick={(e) => void run(e, 'save')}
              title={previewedFor !== key ? 'Preview these values first' : undefined}
            >
              Save thresholds
            </button>
          )}
          {!canSave && <span className="muted small">Saving thresholds needs the admin role.</span>}
          {canSave && previewedFor !== key && changed && <span className="muted small">Preview these values before saving.</span>}
        </div>
      ) : (
        <p className="muted small">Changing thresholds needs the operator role (preview) or admin role (save).</p>
      )}
      {invalid && <p className="error-box small">{invalid[0]} must be a number.</p>}
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {preview && previewedFor === key && (
        <div className="notice" role="status" style={{ marginTop: '0.5rem' }}>
          With these values, of {preview.hostsEvaluated} hosts evaluated, counted per host and process: <strong>{preview.wouldOpen}</strong> would get a new
          hit, <strong>{preview.wouldClose}</strong> would lose theirs, <strong>{preview.wouldChangeSeverity}</strong> would change severity.
        </div>
      )}
      {reevaluationId && (
        <div style={{ marginTop: '0.5rem' }}>
          <p className="success-box" role="status">
            Saved. Findings move to the new values as the fleet is re-evaluated:
          </p>
          <WatchReevaluation id={reevaluationId} onFinished={onSaved} />
        </div>
      )}
    </form>
  );
}

function Silences({ ruleId }: { ruleId: string }) {
  const canAck = useCan('operator');
  const list = useApi<Silence[]>(`/silences${qs({ state: 'active', ruleId })}`);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async (id: string) => {
    setError(null);
    try {
      await request(`/silences/${id}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <section className="panel" aria-label="Acknowledgements">
      <h2>Acknowledgements (active silences)</h2>
      {list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.length === 0 ? (
        <p className="muted small">Nothing acknowledged: every hit of this rule counts in the totals.</p>
      ) : (
        <table className="data small">
          <thead>
            <tr>
              <th scope="col">Scope</th>
              <th scope="col">Reason</th>
              <th scope="col">By</th>
              <th scope="col">Expires</th>
              <th scope="col" className="num" title="Hits of this rule the silence covers now (passes are not counted)">
                Covers (hits)
              </th>
              {canAck && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.hostId ? (
                    <Link to={`/hosts/${s.hostId}`}>one host</Link>
                  ) : s.labels ? (
                    `hosts with ${Object.entries(s.labels)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')}`
                  ) : (
                    'every host'
                  )}
                </td>
                <td className="prewrap">{s.reason}</td>
                <td>{s.author}</td>
                <td>{dateTime(s.expiresAt)}</td>
                <td className="num">{s.findingsCovered}</td>
                {canAck && (
                  <td>
                    <button type="button" className="danger" onClick={() => void revoke(s.id)}>
                      Revoke
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {canAck &&
        (adding ? (
          <AckForm
            ruleId={ruleId}
            onCancel={() => setAdding(false)}
            onDone={() => {
              setAdding(false);
              list.reload();
            }}
          />
        ) : (
          <button type="button" onClick={() => setAdding(true)} style={{ marginTop: '0.5rem' }}>
            Acknowledge across the fleet…
          </button>
        ))}
    </section>
  );
}

/** A page of hits per host, hosts in the order their first hit comes (the page's severity order). */
function byHost(items: readonly Finding[]): { hostId: string; findings: Finding[] }[] {
  const hosts = new Map<string, Finding[]>();
  for (const f of items) hosts.set(f.hostId, [...(hosts.get(f.hostId) ?? []), f]);
  // A host's instances by severity, then in natural order (:6379, :6380, :6381), not in scan order.
  const rank = (f: Finding) => ({ critical: 0, warning: 1, info: 2 })[f.severity ?? 'info'] ?? 3;
  return [...hosts.entries()].map(([hostId, findings]) => ({
    hostId,
    findings: [...findings].sort((a, b) => rank(a) - rank(b) || naturalCompare(a.subject, b.subject)),
  }));
}

function AffectedHosts({ ruleId, silenced }: { ruleId: string; silenced: number | null }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = useApi<Page<Finding>>(`/findings${qs({ rule: ruleId, outcome: 'hit', sort: 'severity', limit: 50, cursor: cursors[cursors.length - 1] })}`);
  if (page.error) return <ErrorBox error={page.error} onRetry={page.reload} />;
  if (!page.data) return <Loading what="Loading affected hosts" />;
  if (page.data.total === 0) return <p className="ok-text">✓ This rule hits no host right now.</p>;
  const active = silenced === null ? null : page.data.total - silenced;
  return (
    <>
      <p className="small" data-testid="affected-total">
        {active === null ? plural(page.data.total, 'hit') : `${plural(active, 'active hit')}${silenced ? ` (+${silenced} silenced)` : ''}`}, grouped per host (a
        host can have one per process); a step that covers several instances of a host is said once. Acknowledged (silenced) ones are listed, marked, and left
        out of the totals.
      </p>
      <div className="table-wrap">
        <table className="data small">
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Severity</th>
              <th scope="col">Subject</th>
              <th scope="col">Summary</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {byHost(page.data.items).map(({ hostId, findings }) => {
              const shared = sharedSteps(findings);
              const rows = findings.length + shared.length;
              return findings
                .map((f, i) => (
                  <tr key={f.id} className={i === 0 ? 'host-first' : undefined}>
                    {i === 0 && (
                      <td rowSpan={rows}>
                        <Link to={`/hosts/${hostId}`}>{f.hostname}</Link>
                        {findings.length > 1 && <div className="muted">{instancesPhrase(findings.map((x) => x.subject))}</div>}
                      </td>
                    )}
                    <td>
                      <SeverityBadge severity={f.severity} /> {f.silenced && <span className="badge silenced">acknowledged (silenced)</span>}
                      <SilenceNote finding={f} compact />
                    </td>
                    <td className="mono" style={{ wordBreak: 'break-all' }}>
                      {f.subject || '(host)'}
                    </td>
                    <td>{f.summary}</td>
                    <td>{dateTime(f.openedAt)}</td>
                  </tr>
                ))
                .concat(
                  shared.map((s) => (
                    <tr key={`${hostId} ${s.step.key}`} className="shared-row">
                      <td colSpan={4}>
                        One step covers these {instancesPhrase(s.subjects)}: <strong>{s.step.title}</strong> <EffectBadge effect={s.step.effect} />
                      </td>
                    </tr>
                  )),
                );
            })}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages of affected hosts">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          ← Previous
        </button>
        <button type="button" disabled={!page.data.nextCursor} onClick={() => setCursors([...cursors, page.data?.nextCursor ?? null])}>
          Next →
        </button>
      </nav>
    </>
  );
}

export function RuleDetailPage({ id }: { id: string }) {
  const rule = useApi<Rule>(`/rules/${encodeURIComponent(id)}`);
  // The silenced hits the counts leave out (only the total is read).
  const silenced = useApi<Page<Finding>>(`/findings${qs({ rule: id, outcome: 'hit', silenced: true, limit: 1 })}`);
  const silencedHits = silenced.data?.total ?? null;

  if (rule.error)
    return (
      <section>
        <p className="small">
          <Link to="/rules">← Rules</Link>
        </p>
        <ErrorBox error={rule.error} onRetry={rule.reload} />
      </section>
    );
  if (!rule.data) return <Loading what="Loading the rule" />;
  const r = rule.data;
  return (
    <section>
      <p className="small">
        <Link to="/rules">← Rules</Link>
      </p>
      <h1>{r.title}</h1>
      <div className="small muted">
        <span className="mono">{r.id}</span> · v{r.version} · checks each {r.appliesTo} · hosts affected: <SeverityBadge severity="critical" />{' '}
        <SeverityCount severity="critical" count={r.hostsAffected.critical} /> <SeverityBadge severity="warning" />{' '}
        <SeverityCount severity="warning" count={r.hostsAffected.warning} /> <SeverityBadge severity="info" />{' '}
        <SeverityCount severity="info" count={r.hostsAffected.info} />
        {silencedHits ? <> · {plural(silencedHits, 'silenced hit')} not counted</> : null}
      </div>
      <div className="grid2">
        <section className="panel">
          <h2>What it checks</h2>
          <p className="prewrap" data-testid="rule-explanation">
            {r.explanation}
          </p>
          <h3>Severity logic</h3>
          <p className="prewrap" data-testid="severity-logic">
            {r.severityLogic}
          </p>
          {r.thresholds.length > 0 && <p className="small muted">The thresholds these texts quote are the values in force on this fleet (Thresholds below).</p>}
        </section>
        <section className="panel">
          <h2>Sources</h2>
          <ul>
            {r.sources.map((s) => (
              <li key={s.url}>
                <a href={s.url} target="_blank" rel="noreferrer">
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
          <h3>Facts it reads</h3>
          <p className="small mono" style={{ overflowWrap: 'anywhere' }}>
            {r.facts.join(', ') || '—'}
          </p>
        </section>
      </div>
      <section className="panel" style={{ marginTop: '1rem' }}>
        <h2>Thresholds</h2>
        <Thresholds key={r.id} rule={r} onSaved={refreshAll} />
      </section>
      <section style={{ marginTop: '1rem' }}>
        <h2>Affected hosts</h2>
        <AffectedHosts ruleId={r.id} silenced={silencedHits} />
      </section>
      <div style={{ marginTop: '1rem' }}>
        <Silences ruleId={r.id} />
      </div>
    </section>
  );
}
