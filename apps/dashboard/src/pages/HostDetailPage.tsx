import { Fragment } from 'react';
import type { Configuration, Finding, HostDetail, Outcome } from '../api/types';
import { FactsView } from '../components/Facts';
import { FindingCard } from '../components/FindingCard';
import { CHART_RANGES, GROWTH_RULE, HostCharts, rangeFor, type ChartRange } from '../components/HostCharts';
import { HostAdmin } from '../components/HostAdmin';
import { RemediationStep } from '../components/RemediationStep';
import { ReportDiff } from '../components/ReportDiff';
import { SeverityBadge, StaleBadge } from '../components/Severity';
import { ErrorBox, Empty, Loading } from '../components/States';
import { bySubject, instancesPhrase, runtimeOf, sharedSteps, type SharedStep } from '../components/subjects';
import { ago, dateTime, seconds, text } from '../format';
import { useApi } from '../hooks';
import { Link, navigate, useLocation } from '../router';

const TABS = [
  { id: 'findings', label: 'Findings' },
  { id: 'charts', label: 'Charts' },
  { id: 'facts', label: 'Facts' },
  { id: 'history', label: 'Report history' },
] as const;
type Tab = (typeof TABS)[number]['id'];

type ProcessConfig = Configuration['processes'][number];

const SEV_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

function byRelevance(a: Finding, b: Finding): number {
  // Unacknowledged before acknowledged, then by severity, then by rule.
  return Number(a.silenced) - Number(b.silenced) || (SEV_ORDER[a.severity ?? ''] ?? 3) - (SEV_ORDER[b.severity ?? ''] ?? 3) || a.ruleId.localeCompare(b.ruleId);
}

function SubjectHeading({ subject, processes }: { subject: string; processes: ProcessConfig[] }) {
  if (!subject)
    return (
      <h3 className="subject-head">
        This host <span className="muted small">(host-level results)</span>
      </h3>
    );
  const p = processes.find((x) => x.subject === subject);
  const kind = runtimeOf(subject);
  return (
    <h3 className="subject-head">
      {kind ?? 'Process'} <span className="mono small">{subject}</span>
      {p && p.state !== 'running' && <span className="badge">{p.state}</span>}
      {p?.systemdUnit && <span className="muted small"> · unit {p.systemdUnit}</span>}
    </h3>
  );
}

/** Hits of one rule on several instances that need the same step: the step once, naming the instances it covers. */
function SharedSteps({ shared }: { shared: SharedStep[] }) {
  if (shared.length === 0) return null;
  return (
    <section className="shared-steps" aria-label="Steps shared by several instances">
      {shared.map((s) => (
        <div key={`${s.ruleId} ${s.step.key} ${s.subjects.join(' ')}`} className="shared-step">
          <p className="small" style={{ margin: '0 0 0.25rem' }}>
            <Link to={`/rules/${encodeURIComponent(s.ruleId)}`}>{s.ruleId}</Link> affects <strong>{instancesPhrase(s.subjects)}</strong> on this host; one step
            covers them all:
          </p>
          <ul className="small mono subjects-covered">
            {s.subjects.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          <RemediationStep step={s.step} heading={`For all ${s.subjects.length}`} />
        </div>
      ))}
    </section>
  );
}

/** A memory-growth hit links to its process's RSS chart, over a range that shows the rule's whole window, with the fitted rate drawn. */
function GrowthChartLink({ finding: f }: { finding: Finding }) {
  const { path } = useLocation();
  if (f.ruleId !== GROWTH_RULE || f.outcome !== 'hit' || !f.subject) return null;
  const span = f.evidence.find((e) => e.key === 'spanSeconds')?.value;
  const range = rangeFor(typeof span === 'number' ? span : 6 * 3600);
  return (
    <p className="small growth-link">
      <Link to={`${path}?${new URLSearchParams({ tab: 'charts', range, process: f.subject }).toString()}`}>
        RSS chart of this process with the fitted rate →
      </Link>
    </p>
  );
}

function Group({
  title,
  findings,
  open,
  onChanged,
  hint,
  processes,
  boot,
}: {
  title: string;
  findings: Finding[];
  open: boolean;
  onChanged: () => void;
  hint?: string;
  processes: ProcessConfig[];
  /** The host's boot time, so a time since boot also reads as a UTC time. */
  boot: number | null;
}) {
  if (findings.length === 0) return null;
  const shared = sharedSteps(findings);
  return (
    <details open={open}>
      <summary>
        {title} ({findings.length})
      </summary>
      {hint && <p className="small muted">{hint}</p>}
      {bySubject(findings).map((g) => (
        <Fragment key={g.subject}>
          {/* A shared step comes just before the first instance it covers, in the page's severity order. */}
          <SharedSteps shared={shared.filter((x) => x.subjects[0] === g.subject)} />
          <section className="subject-group" aria-label={g.subject ? `Results for ${g.subject}` : 'Host-level results'}>
            <SubjectHeading subject={g.subject} processes={processes} />
            {g.findings.map((f) => (
              <Fragment key={f.id}>
                <FindingCard finding={f} showSubject={false} shared={shared} onChanged={onChanged} bootTimeEpochSeconds={boot} />
                <GrowthChartLink finding={f} />
              </Fragment>
            ))}
          </section>
        </Fragment>
      ))}
    </details>
  );
}

export function HostDetailPage({ id }: { id: string }) {
  const { query, path } = useLocation();
  const tab: Tab = (TABS.find((t) => t.id === query.get('tab'))?.id ?? 'findings') as Tab;
  const range: ChartRange = CHART_RANGES.find((r) => r.id === query.get('range'))?.id ?? '24h';
  const chartProcess = query.get('process');
  const detail = useApi<HostDetail>(`/hosts/${encodeURIComponent(id)}`);

  if (detail.error)
    return (
      <section>
        <p className="small">
          <Link to="/hosts">← Hosts</Link>
        </p>
        <ErrorBox error={detail.error} onRetry={detail.reload} />
      </section>
    );
  if (!detail.data) return <Loading what="Loading the host" />;
  const d = detail.data;
  const h = d.host;
  const groups: Record<Outcome, Finding[]> = { hit: [], 'not-evaluated': [], pass: [], 'not-applicable': [] };
  for (const f of d.findings) groups[f.outcome].push(f);
  Object.values(groups).forEach((g) => g.sort(byRelevance));
  const activeHits = groups.hit.filter((f) => !f.silenced);
  const processes = d.configuration?.processes ?? [];
  const boot = d.configuration?.host.bootTimeEpochSeconds ?? null;

  return (
    <section>
      <p className="small">
        <Link to="/hosts">← Hosts</Link>
      </p>
      <div className="host-head">
        <h1>{h.hostname}</h1>
        <StaleBadge stale={h.stale} />
        {h.retiredAt && <span className="badge">retired {dateTime(h.retiredAt)}</span>}
        {(['critical', 'warning', 'info'] as const).map((s) =>
          h.findingCounts[s] > 0 ? (
            <span key={s} className="row">
              <SeverityBadge severity={s} /> <strong>{h.findingCounts[s]}</strong>
            </span>
          ) : null,
        )}
        {h.findingCounts.critical + h.findingCounts.warning + h.findingCounts.info === 0 && (
          <span className="ok-text">✓ no active findings{groups.hit.length > 0 ? ` (${groups.hit.length} acknowledged)` : ''}</span>
        )}
      </div>
      {h.stale && (
        <p className="notice" role="status" style={{ background: 'var(--stale-bg)' }}>
          This host has not reported for over two intervals ({seconds(h.intervalSeconds)} each); last report {ago(h.lastSeenAt)}. Facts and findings below may
          be out of date.
        </p>
      )}
      <div className="meta small">
        <span>
          Last report: <strong className={h.stale ? 'stale-text' : undefined}>{ago(h.lastSeenAt)}</strong> ({dateTime(h.lastSeenAt)})
        </span>
        <span>Interval: {seconds(h.intervalSeconds)}</span>
        <span>Agent: {text(h.agentVersion)}</span>
        <span>Kernel: {text(h.kernelRelease)}</span>
        <span>Arch: {text(h.architecture)}</span>
        <span>Hypervisor: {text(h.hypervisor)}</span>
        <span className="mono">machine-id {h.machineId}</span>
      </div>
      <div className="labels">
        {Object.entries(h.labels).map(([k, v]) => (
          <Link key={k} className="label-chip" to={`/hosts?label=${encodeURIComponent(`${k}=${v}`)}`}>
            {k}={v}
          </Link>
        ))}
      </div>
      <HostAdmin host={h} onChanged={detail.reload} />

      <div className="tabs" role="tablist" aria-label="Host sections">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            onClick={() => navigate(`${path}${t.id === 'findings' ? '' : `?tab=${t.id}`}`, { replace: true })}
          >
            {t.label}
            {t.id === 'findings' && activeHits.length > 0 ? ` (${activeHits.length})` : ''}
          </button>
        ))}
      </div>

      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'findings' &&
          (d.findings.length === 0 ? (
            <Empty title="No rule results yet">
              <p>
                {d.latestReport
                  ? `The latest report (#${d.latestReport.sequence}) is ${d.latestReport.status}; results appear once it is evaluated.`
                  : 'This host has not sent a report yet.'}
              </p>
            </Empty>
          ) : (
            <>
              {groups.hit.length === 0 && <p className="ok-text">✓ No rule hits this host.</p>}
              <Group title="Hits" findings={groups.hit} open onChanged={detail.reload} processes={processes} boot={boot} />
              <Group
                title="Not evaluated"
                findings={groups['not-evaluated']}
                processes={processes}
                boot={boot}
                open={groups.hit.length === 0}
                onChanged={detail.reload}
                hint="The rule could not decide: a fact it needs is missing. Each lists what would supply it."
              />
              <Group title="Passed" findings={groups.pass} open={false} onChanged={detail.reload} processes={processes} boot={boot} />
              <Group
                title="Not applicable"
                findings={groups['not-applicable']}
                processes={processes}
                boot={boot}
                open={false}
                onChanged={detail.reload}
                hint="The rule does not concern this host (e.g. the runtime it checks is not running here)."
              />
            </>
          ))}
        {tab === 'charts' && (
          <HostCharts
            hostId={h.id}
            range={range}
            process={chartProcess}
            findings={d.findings}
            intervalSeconds={h.intervalSeconds}
            onChange={(r, p) =>
              navigate(`${path}?${new URLSearchParams({ tab: 'charts', range: r, ...(p ? { process: p } : {}) }).toString()}`, { replace: true })
            }
          />
        )}
        {tab === 'facts' &&
          (d.configuration ? (
            <>
              <p className="small muted">
                From {d.latestReport ? `report #${d.latestReport.sequence}` : 'the latest report'} collected {dateTime(d.latestReport?.collectedAt)}. Unknown
                facts show as “unknown”, never as 0.
              </p>
              <FactsView c={d.configuration} m={d.latestMetrics} />
            </>
          ) : (
            <Empty title="No facts yet">
              <p>This host has not sent a report yet.</p>
            </Empty>
          ))}
        {tab === 'history' && (
          <>
            <div className="table-wrap" tabIndex={0}>
              <table className="data small">
                <thead>
                  <tr>
                    <th scope="col">Report</th>
                    <th scope="col">Collected</th>
                    <th scope="col">Received</th>
                    <th scope="col">Status</th>
                    <th scope="col">Configuration</th>
                  </tr>
                </thead>
                <tbody>
                  {d.history.map((r, i) => {
                    const changed = i < d.history.length - 1 && d.history[i + 1].configHash !== r.configHash;
                    return (
                      <tr key={r.reportId}>
                        <td>#{r.sequence}</td>
                        <td>{dateTime(r.collectedAt)}</td>
                        <td>{dateTime(r.receivedAt)}</td>
                        <td>{r.status}</td>
                        <td>
                          <span className="mono">{r.configHash.slice(0, 12)}</span> {changed && <span className="badge">configuration changed</span>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p className="small muted">Newest first; at most the last 50 reports.</p>
            {d.history.length >= 2 ? <ReportDiff hostId={h.id} history={d.history} /> : <p>Only one report so far: a comparison needs two.</p>}
          </>
        )}
      </div>
    </section>
  );
}
