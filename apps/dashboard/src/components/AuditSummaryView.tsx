import type { ReactNode } from 'react';
import type { AuditSummary } from '../api/output-types';
import { dateTime, plural, seconds } from '../format';
import { Link } from '../router';
import { scopeText } from '../url';
import { HBarChart } from './Charts';
import { EffectBadge } from './RemediationStep';
import { SeverityBadge, SeverityCount } from './Severity';

type Changes = NonNullable<AuditSummary['changes']>;
type HitRef = Changes['opened']['items'][number];
type HostRef = Changes['hostsAppeared']['items'][number];

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel audit-section" aria-labelledby={`sec-${id}`} data-section={id}>
      <h2 id={`sec-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

/** "showing 20 of 143" when a stored list was cut at AUDIT_LIST_LIMIT. */
function More({ shown, total, what }: { shown: number; total: number; what: string }) {
  if (total <= shown) return null;
  return (
    <p className="muted small">
      Showing {shown} of {plural(total, what)}; the JSON and CSV exports list all of them.
    </p>
  );
}

function HostLink({ id, name }: { id: string; name: string }) {
  return <Link to={`/hosts/${id}`}>{name}</Link>;
}

function Fleet({ s }: { s: AuditSummary }) {
  const f = s.fleet;
  return (
    <Section id="fleet" title="Fleet">
      <ul className="stats">
        {[
          ['Hosts', f.total, ''],
          ['Reporting', f.reporting, 'ok'],
          ['Stale', f.stale, 'stale'],
          ['Retired', f.retired, ''],
          ['Hosts with findings', s.findings.totals.hosts, s.findings.totals.hosts ? 'critical' : 'ok'],
        ].map(([label, value, cls]) => (
          <li key={label} className={`stat ${cls}`} data-stat={label}>
            <div>
              <span className="stat-value">{Number(value).toLocaleString('en-US')}</span>
              <span className="stat-label">{label}</span>
            </div>
          </li>
        ))}
      </ul>
      {s.notEvaluated.length > 0 && (
        <>
          <h3>Not evaluated: facts some rule needs that hosts never send</h3>
          <div className="table-wrap" tabIndex={0}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Fact</th>
                  <th scope="col">Supplied by</th>
                  <th scope="col">Rules</th>
                  <th scope="col" className="num">
                    Hosts
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.notEvaluated.map((n) => (
                  <tr key={n.fact}>
                    <td className="mono">{n.fact}</td>
                    <td>{n.suppliedBy}</td>
                    <td className="mono small">{n.ruleIds.join(', ')}</td>
                    <td className="num">{n.hosts.toLocaleString('en-US')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}

function Findings({ s }: { s: AuditSummary }) {
  const t = s.findings.totals;
  const byRule = [...s.findings.byRule].sort((a, b) => b.hosts - a.hosts);
  return (
    <Section id="findings" title="Findings by rule and severity">
      <p>
        <SeverityCount severity="critical" count={t.critical} /> critical · <SeverityCount severity="warning" count={t.warning} /> warning ·{' '}
        <SeverityCount severity="info" count={t.info} /> info · {t.silenced} silenced · on {plural(t.hosts, 'host')}
      </p>
      <div className="grid2 tight">
        <HBarChart
          title="Hosts affected per rule"
          unit="hosts"
          share={false}
          data={byRule.filter((r) => r.hosts > 0).map((r) => ({ label: r.ruleId, value: r.hosts, href: `/rules/${r.ruleId}` }))}
        />
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col" className="num">
                  Critical
                </th>
                <th scope="col" className="num">
                  Warning
                </th>
                <th scope="col" className="num">
                  Info
                </th>
                <th scope="col" className="num">
                  Silenced
                </th>
              </tr>
            </thead>
            <tbody>
              {byRule.map((r) => (
                <tr key={r.ruleId}>
                  <td>
                    <Link to={`/rules/${r.ruleId}`}>{r.title}</Link>
                    <div className="mono small muted">{r.ruleId}</div>
                  </td>
                  <td className="num">
                    <SeverityCount severity="critical" count={r.critical} />
                  </td>
                  <td className="num">
                    <SeverityCount severity="warning" count={r.warning} />
                  </td>
                  <td className="num">
                    <SeverityCount severity="info" count={r.info} />
                  </td>
                  <td className="num">{r.silenced}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Section>
  );
}

function Silenced({ s }: { s: AuditSummary }) {
  return (
    <Section id="silenced" title={`Silenced (${s.silenced.total})`}>
      {s.silenced.total === 0 ? (
        <p className="muted">Nothing is silenced.</p>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Host</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Reason</th>
                  <th scope="col">By</th>
                  <th scope="col">Expires</th>
                </tr>
              </thead>
              <tbody>
                {s.silenced.items.map((x) => (
                  <tr key={`${x.hostId}/${x.ruleId}/${x.subject}`}>
                    <td>
                      <HostLink id={x.hostId} name={x.hostname} />
                      {x.subject && <div className="mono small muted">{x.subject}</div>}
                    </td>
                    <td className="mono">{x.ruleId}</td>
                    <td>
                      <SeverityBadge severity={x.severity} />
                    </td>
                    <td>{x.reason}</td>
                    <td>{x.author}</td>
                    <td>{dateTime(x.expiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <More shown={s.silenced.items.length} total={s.silenced.total} what="silenced hit" />
        </>
      )}
    </Section>
  );
}

function HitList({ title, list, escalated }: { title: string; list: Changes['opened']; escalated?: boolean }) {
  return (
    <div className="change-list" data-change={title}>
      <h3>
        {title} <span className="count">{list.total}</span>
      </h3>
      {list.total === 0 ? (
        <p className="muted small">none</p>
      ) : (
        <ul className="plain">
          {list.items.map((h: HitRef) => (
            <li key={`${h.hostId}/${h.ruleId}/${h.subject}`}>
              {escalated && h.previousSeverity ? (
                <>
                  <SeverityBadge severity={h.previousSeverity} /> → <SeverityBadge severity={h.severity} />
                </>
              ) : (
                <SeverityBadge severity={h.severity} />
              )}{' '}
              <span className="mono small">{h.ruleId}</span> on <HostLink id={h.hostId} name={h.hostname} />
              {h.subject && <span className="mono small muted"> · {h.subject}</span>}
            </li>
          ))}
        </ul>
      )}
      <More shown={list.items.length} total={list.total} what="hit" />
    </div>
  );
}

function HostList({ title, list }: { title: string; list: Changes['hostsAppeared'] }) {
  return (
    <div className="change-list" data-change={title}>
      <h3>
        {title} <span className="count">{list.total}</span>
      </h3>
      {list.total === 0 ? (
        <p className="muted small">none</p>
      ) : (
        <ul className="plain">
          {list.items.map((h: HostRef) => (
            <li key={h.hostId}>
              <HostLink id={h.hostId} name={h.hostname} />
            </li>
          ))}
        </ul>
      )}
      <More shown={list.items.length} total={list.total} what="host" />
    </div>
  );
}

function ChangesSection({ s }: { s: AuditSummary }) {
  const c = s.changes;
  return (
    <Section id="changes" title="Since the previous audit">
      {!c ? (
        <p className="muted">This is the first audit of its scope ({scopeText(s.scope)}): there is nothing to compare with.</p>
      ) : (
        <>
          <p className="muted">
            Compared with{' '}
            {s.previousAuditId ? <Link to={`/audits/${s.previousAuditId}`}>the audit of {dateTime(c.since)}</Link> : `the audit of ${dateTime(c.since)}`}.
          </p>
          <div className="changes-grid">
            <HitList title="Opened" list={c.opened} />
            <HitList title="Resolved" list={c.resolved} />
            <HitList title="Escalated" list={c.escalated} escalated />
            <HostList title="Hosts appeared" list={c.hostsAppeared} />
            <HostList title="Hosts gone stale" list={c.hostsStale} />
          </div>
        </>
      )}
    </Section>
  );
}

type RemediationGroup = AuditSummary['remediations'][number];

function RemediationList({ list }: { list: RemediationGroup[] }) {
  return (
    <>
      {list.map((r) => (
        <details key={`${r.key}/${r.effect ?? ''}`} className="remediation" data-remediation={r.key} data-effect={r.effect ?? ''}>
          <summary>
            {r.title} <EffectBadge effect={r.effect} /> <span className="muted small">· {plural(r.hosts.total, 'host')} · </span>
            <span className="mono small muted">{r.ruleIds.join(', ')}</span>
          </summary>
          <ul className="plain">
            {r.hosts.items.map((h) => (
              <li key={`${h.hostId}/${h.subject}`}>
                <HostLink id={h.hostId} name={h.hostname} />
                {h.subject && <span className="mono small muted"> · {h.subject}</span>}
                <div className="small">{h.text}</div>
              </li>
            ))}
          </ul>
          <More shown={r.hosts.items.length} total={r.hosts.total} what="host" />
        </details>
      ))}
    </>
  );
}

// Only a step that removes the cause on its own is ranked as a fix; mitigations and diagnoses (and steps
// stored before they carried an effect) are listed apart, so the ranking never promises what they cannot do.
function Remediations({ s }: { s: AuditSummary }) {
  const fixes = s.remediations.filter((r) => r.effect === 'fixes');
  const others = s.remediations.filter((r) => r.effect !== 'fixes');
  return (
    <Section id="remediations" title="Remediations, ranked by hosts fixed">
      {s.remediations.length === 0 ? (
        <p className="muted">No remediation applies.</p>
      ) : (
        <>
          {fixes.length === 0 ? (
            <p className="muted">No step fixes the cause on its own on any host in scope.</p>
          ) : (
            <>
              <HBarChart
                title={fixes.length > 10 ? 'Hosts each fix would fix (top 10)' : 'Hosts each fix would fix'}
                unit="hosts"
                share={false}
                data={fixes.slice(0, 10).map((r) => ({ label: r.title, value: r.hosts.total }))}
              />
              <RemediationList list={fixes} />
            </>
          )}
          {others.length > 0 && (
            <div className="not-fixes" aria-label="Steps that do not fix the cause on their own">
              <h3>Steps that do not fix the cause on their own</h3>
              <p className="muted small">
                Mitigations lower the risk or buy time and the cause stays; diagnoses find the cause and change nothing. Not counted as fixes.
              </p>
              <RemediationList list={others} />
            </div>
          )}
        </>
      )}
    </Section>
  );
}

function Patterns({ s }: { s: AuditSummary }) {
  return (
    <Section id="patterns" title="Failure patterns">
      {s.patterns.length === 0 ? (
        <p className="muted">No failure pattern was found.</p>
      ) : (
        s.patterns.map((p) => (
          <div key={p.ruleId} className="pattern" data-pattern={p.ruleId}>
            <h3>
              <Link to={`/rules/${p.ruleId}`}>{p.title}</Link>
            </h3>
            <p className="headline">{p.headline}</p>
            <div className="table-wrap" tabIndex={0}>
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Host (worst first)</th>
                    <th scope="col">Severity</th>
                    <th scope="col">Summary</th>
                  </tr>
                </thead>
                <tbody>
                  {p.hosts.items.map((h) => (
                    <tr key={`${h.hostId}/${h.subject}`}>
                      <td>
                        <HostLink id={h.hostId} name={h.hostname} />
                        {h.subject && <div className="mono small muted">{h.subject}</div>}
                      </td>
                      <td>
                        <SeverityBadge severity={h.severity} />
                      </td>
                      <td>{h.summary}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <More shown={p.hosts.items.length} total={p.hosts.total} what="host" />
          </div>
        ))
      )}
    </Section>
  );
}

function TimeToFix({ s }: { s: AuditSummary }) {
  const recurrence = new Map(s.recurrence.map((r) => [r.ruleId, r]));
  const rules = [...new Set([...s.timeToFix.map((t) => t.ruleId), ...s.recurrence.map((r) => r.ruleId)])];
  const ttf = new Map(s.timeToFix.map((t) => [t.ruleId, t]));
  return (
    <Section id="time-to-fix" title="Time to fix and recurrence">
      {rules.length === 0 ? (
        <p className="muted">No finding has been resolved yet.</p>
      ) : (
        <div className="grid2 tight">
          <HBarChart
            title="Median time to fix (hours)"
            unit="h"
            share={false}
            data={s.timeToFix
              .filter((t) => t.medianSeconds !== null)
              .map((t) => ({ label: t.ruleId, value: Math.round(((t.medianSeconds ?? 0) / 3600) * 10) / 10 }))}
          />
          <div className="table-wrap" tabIndex={0}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col" className="num">
                    Resolved
                  </th>
                  <th scope="col" className="num">
                    Median
                  </th>
                  <th scope="col" className="num">
                    p90
                  </th>
                  <th scope="col" className="num">
                    Reopened ≤ 30 d
                  </th>
                </tr>
              </thead>
              <tbody>
                {rules.map((id) => {
                  const t = ttf.get(id);
                  const r = recurrence.get(id);
                  return (
                    <tr key={id}>
                      <td className="mono">{id}</td>
                      <td className="num">{t?.resolved ?? r?.resolved ?? 0}</td>
                      <td className="num">{t?.medianSeconds == null ? '—' : seconds(t.medianSeconds)}</td>
                      <td className="num">{t?.p90Seconds == null ? '—' : seconds(t.p90Seconds)}</td>
                      <td className="num">{r ? `${r.recurred} of ${r.resolved}` : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </Section>
  );
}

/** Every section of a stored audit, in the order the HTML and PDF exports print them. */
export function AuditSummaryView({ summary }: { summary: AuditSummary }) {
  return (
    <div className="audit-summary">
      <Fleet s={summary} />
      <Findings s={summary} />
      <ChangesSection s={summary} />
      <Remediations s={summary} />
      <Patterns s={summary} />
      <TimeToFix s={summary} />
      <Silenced s={summary} />
    </div>
  );
}
