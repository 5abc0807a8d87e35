import type { Distributions, FindingEvents, Summary } from '../api/types';
import { EventsChart, HBarChart, type BarDatum } from '../components/Charts';
import { SeverityBadge, SeverityCount } from '../components/Severity';
import { EnrollHint, ErrorBox, Loading } from '../components/States';
import { hostsWith, type FactKey } from '../components/FactFilters';
import { overcommit } from '../format';
import { useApi } from '../hooks';
import { Link } from '../router';

function Stat({ label, value, to, tone, hint }: { label: string; value: number; to?: string; tone?: string; hint?: string }) {
  const body = (
    <>
      <span className="stat-value">{value.toLocaleString('en-US')}</span>
      <span className="stat-label">{label}</span>
      {hint && <span className="stat-hint">{hint}</span>}
    </>
  );
  return (
    <li className={`stat ${tone ?? ''}`} data-stat={label}>
      {to ? <Link to={to}>{body}</Link> : <div>{body}</div>}
    </li>
  );
}

/** Bars of one distribution; each known value links to the host list filtered by it. */
function dist(
  entries: { value: string | number | null; hosts?: number; processes?: number }[],
  key: FactKey,
  fmt: (v: string | number) => string = String,
  sortNumeric = false,
): BarDatum[] {
  const rows = entries.map((e) => ({
    label: e.value === null ? 'unknown' : fmt(e.value),
    value: e.hosts ?? e.processes ?? 0,
    muted: e.value === null,
    raw: e.value,
    href: e.value === null ? undefined : hostsWith(key, e.value),
  }));
  if (sortNumeric) rows.sort((a, b) => (a.raw === null ? 1 : b.raw === null ? -1 : Number(a.raw) - Number(b.raw)));
  return rows;
}

/** `12 critical (+3 silenced)`: a total says what it leaves out. */
function withSilenced(active: number, silenced: number, what: string): string {
  return `${active.toLocaleString('en-US')} ${what}${silenced ? ` (+${silenced.toLocaleString('en-US')} silenced)` : ''}`;
}

export function OverviewPage() {
  const summary = useApi<Summary>('/stats/summary');
  const events = useApi<FindingEvents>('/stats/finding-events?days=30');
  const dists = useApi<Distributions>('/stats/distributions');

  if (summary.error) return <ErrorBox error={summary.error} onRetry={summary.reload} />;
  if (!summary.data) return <Loading what="Loading the fleet summary" />;
  const s = summary.data;

  return (
    <section>
      <h1>Fleet overview</h1>
      {s.hosts.total === 0 ? (
        <EnrollHint />
      ) : (
        <>
          <ul className="stats" aria-label="Fleet totals">
            <Stat label="Hosts" value={s.hosts.total} to="/hosts" hint={s.hosts.retired ? `${s.hosts.retired} retired not counted` : undefined} />
            <Stat label="Reporting" value={s.hosts.reporting} to="/hosts?stale=false" tone="ok" />
            <Stat label="Stale" value={s.hosts.stale} to="/hosts?stale=true" tone={s.hosts.stale ? 'stale' : undefined} hint="no report for 2 intervals" />
            <Stat
              label="Hosts with critical"
              value={s.hostsWithCritical}
              to="/hosts?severity=critical&sort=-critical"
              tone={s.hostsWithCritical ? 'critical' : undefined}
              hint={s.silenced.critical ? `${s.silenced.critical} silenced critical hits not counted` : undefined}
            />
            <Stat
              label="Hosts with warning"
              value={s.hostsWithWarning}
              to="/hosts?severity=warning&sort=-warning"
              tone={s.hostsWithWarning ? 'warning' : undefined}
              hint={s.silenced.warning ? `${s.silenced.warning} silenced warning hits not counted` : undefined}
            />
          </ul>
          <p className="small" data-testid="active-findings">
            Active findings: {withSilenced(s.findings.critical, s.silenced.critical, 'critical')},{' '}
            {withSilenced(s.findings.warning, s.silenced.warning, 'warning')}, {withSilenced(s.findings.info, s.silenced.info, 'info')}.{' '}
            <span className="muted">
              Acknowledged (silenced) hits are left out of every total on this page; <Link to="/findings?silenced=true">list them</Link>.
            </span>
          </p>

          <div className="grid2">
            <div className="panel">
              <h2>Top rules by hosts affected</h2>
              <p className="muted small">Every column counts hosts with an active hit; a host with hits of two severities counts in both.</p>
              {s.topRules.length === 0 ? (
                <p className="ok-text">
                  No rule hits any host right now
                  {s.silenced.critical + s.silenced.warning + s.silenced.info > 0 && <span className="muted"> (silenced hits left out)</span>}.
                </p>
              ) : (
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">Rule</th>
                      <th scope="col" className="num">
                        Hosts
                      </th>
                      {/* Each severity column: hosts with a hit of that severity (not hits). */}
                      <th scope="col" className="num">
                        <SeverityBadge severity="critical" />
                      </th>
                      <th scope="col" className="num">
                        <SeverityBadge severity="warning" />
                      </th>
                      <th scope="col" className="num">
                        <SeverityBadge severity="info" />
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.topRules.map((r) => (
                      <tr key={r.ruleId}>
                        <td>
                          <Link to={`/rules/${encodeURIComponent(r.ruleId)}`}>{r.title}</Link>
                          <div className="muted small mono">{r.ruleId}</div>
                        </td>
                        <td className="num">
                          <strong>{r.hosts}</strong>
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
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <div className="panel">
              <h2>Findings over time</h2>
              {events.error ? (
                <ErrorBox error={events.error} onRetry={events.reload} />
              ) : events.data ? (
                <EventsChart buckets={events.data.buckets} />
              ) : (
                <Loading />
              )}
            </div>
          </div>

          <h2>Fleet distributions</h2>
          {dists.error ? (
            <ErrorBox error={dists.error} onRetry={dists.reload} />
          ) : !dists.data ? (
            <Loading />
          ) : (
            <div className="grid3">
              <HBarChart title="THP mode (transparent_hugepage/enabled)" unit="hosts" data={dist(dists.data.thpEnabled, 'thpEnabled')} />
              <HBarChart
                title="Overcommit mode (vm.overcommit_memory)"
                unit="hosts"
                data={dist(dists.data.overcommitMemory, 'overcommitMemory', (v) => overcommit(Number(v)), true)}
              />
              <HBarChart title="Online CPU cores" unit="hosts" data={dist(dists.data.cpuOnlineCount, 'cpuOnlineCount', (v) => `${v} cores`, true)} />
              <HBarChart
                title="Hypervisor"
                unit="hosts"
                data={dist(dists.data.hypervisor, 'hypervisor', (v) => (v === 'none' ? 'none (bare metal)' : String(v)))}
              />
              <HBarChart title="Architecture" unit="hosts" data={dist(dists.data.architecture, 'architecture')} />
              <HBarChart title="Allocator in use (by process)" unit="processes" data={dist(dists.data.allocator, 'allocator')} />
            </div>
          )}
        </>
      )}
    </section>
  );
}
