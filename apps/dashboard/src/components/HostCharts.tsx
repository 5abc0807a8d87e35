import type { Finding, HostHistory, HostHistorySeries } from '../api/types';
import { bytes, dateTime, isKnown, num, seconds } from '../format';
import { useApi } from '../hooks';
import { axisTime } from './chart-time';
import { LineChart, type LineOverlay, type LineSeries } from './LineChart';
import { ErrorBox, Loading } from './States';

export const CHART_RANGES = [
  { id: '6h', label: '6 h', seconds: 6 * 3600 },
  { id: '24h', label: '24 h', seconds: 86400 },
  { id: '7d', label: '7 d', seconds: 7 * 86400 },
  { id: '14d', label: '14 d', seconds: 14 * 86400 },
] as const;
export type ChartRange = (typeof CHART_RANGES)[number]['id'];

export const GROWTH_RULE = 'process-memory-growth';

/** The shortest range that shows a growth finding's whole window. */
export function rangeFor(spanSeconds: number): ChartRange {
  return (CHART_RANGES.find((r) => r.seconds >= spanSeconds * 1.1) ?? CHART_RANGES[CHART_RANGES.length - 1]).id;
}

const evidenceNumber = (f: Finding, key: string): number | null => {
  const v = f.evidence.find((e) => e.key === key)?.value;
  return typeof v === 'number' ? v : null;
};

/**
 * The rate the growth finding states, drawn as a straight line over its window. The window ends at the
 * report the finding judged: the last point whose RSS is the finding's last RSS, else when it was last seen.
 */
function fittedRate(f: Finding | undefined, series: HostHistorySeries | undefined, times: number[]): LineOverlay | null {
  if (!f || !series) return null;
  const last = evidenceNumber(f, 'lastRssBytes');
  const span = evidenceNumber(f, 'spanSeconds');
  // Findings stored before the rate was kept per hour carry it per second.
  const perSecond = evidenceNumber(f, 'growthBytesPerSecond');
  const perHour = evidenceNumber(f, 'growthBytesPerHour') ?? (perSecond === null ? null : perSecond * 3600);
  if (last === null || span === null || perHour === null) return null;
  const at = series.values.lastIndexOf(last);
  const end = at >= 0 ? times[at] : Date.parse(f.lastSeenAt);
  return {
    from: { x: end - span * 1000, y: last - (perHour * span) / 3600 },
    to: { x: end, y: last },
    label: `fitted +${bytes(perHour)}/h`,
  };
}

function change(values: (number | null)[]): { first: number; last: number } | null {
  const known = values.filter(isKnown);
  return known.length ? { first: known[0], last: known[known.length - 1] } : null;
}

export function HostCharts({
  hostId,
  range,
  process,
  findings,
  intervalSeconds,
  onChange,
}: {
  hostId: string;
  /** The host's report interval: points further apart than a few of these are not joined. */
  intervalSeconds: number;
  range: ChartRange;
  process: string | null;
  findings: Finding[];
  onChange: (range: ChartRange, process: string | null) => void;
}) {
  const q = new URLSearchParams({ range });
  if (process) q.set('process', process);
  const h = useApi<HostHistory>(`/hosts/${encodeURIComponent(hostId)}/history?${q.toString()}`);
  const picker = (
    <div className="range-picker" role="group" aria-label="Chart range">
      <span className="small muted">Range</span>
      {CHART_RANGES.map((r) => (
        <button key={r.id} type="button" aria-pressed={r.id === range} onClick={() => onChange(r.id, process)}>
          {r.label}
        </button>
      ))}
    </div>
  );
  if (h.error)
    return (
      <>
        {picker}
        <ErrorBox error={h.error} onRetry={h.reload} />
      </>
    );
  if (!h.data) return <Loading what="Loading the charts" />;
  const d = h.data;
  const times = d.points.map((p) => Date.parse(p.collectedAt));
  const domainX: [number, number] = [Date.parse(d.from), Date.parse(d.to)];
  const fx = (x: number) => axisTime(x, domainX[1] - domainX[0]);
  // A missed report or two still draws a line; a longer silence leaves a gap.
  const maxGapX = 3 * Math.max(intervalSeconds, d.bucketSeconds) * 1000;
  const common = { formatX: fx, domainX, maxGapX };
  const line = (name: string, values: (number | null)[], className?: string): LineSeries => ({
    name,
    className,
    points: values.map((y, i) => ({ x: times[i], y })),
  });
  const pick = (k: 'memAvailableBytes' | 'committedAsBytes' | 'commitLimitBytes' | 'shmAvailableBytes' | 'cpuOnlineCount') => d.points.map((p) => p[k]);
  const chosen = d.processes.find((s) => s.subject === process) ?? d.processes[0];
  const growth = findings.find((f) => f.ruleId === GROWTH_RULE && f.outcome === 'hit' && f.subject === chosen?.subject);
  const stale = d.range !== range;
  const STYLES = ['line', 'line-2', 'line-3', 'line-4'];

  return (
    <section aria-label="Charts" aria-busy={h.loading || stale}>
      {picker}
      <p className="small muted" data-testid="chart-range-note">
        {d.points.length === 0
          ? `No report of this host in the last ${CHART_RANGES.find((r) => r.id === d.range)?.label}.`
          : `${num(d.points.length)} points from ${dateTime(d.from)} to ${dateTime(d.to)}, each the last report of a ${seconds(d.bucketSeconds)} slice.`}{' '}
        Samples are kept {d.historyDays} days.
      </p>
      <div className="chart-grid">
        <LineChart title="MemAvailable" series={[line('MemAvailable', pick('memAvailableBytes'))]} {...common} formatY={bytes} yUnit="bytes" />
        <LineChart
          title="Committed_AS vs CommitLimit"
          series={[line('Committed_AS', pick('committedAsBytes')), line('CommitLimit', pick('commitLimitBytes'), 'line-dashed')]}
          {...common}
          formatY={bytes}
          yUnit="bytes"
        />
        <LineChart
          title="Usable shared memory (f_bavail)"
          series={[
            line('/dev/shm', pick('shmAvailableBytes')),
            ...d.aeronDirs.map((a, i) => line(`aeron.dir of ${a.subject}`, a.values, STYLES[(i + 1) % STYLES.length])),
          ]}
          {...common}
          formatY={bytes}
          yUnit="bytes"
        />
        <LineChart
          title="Online CPUs"
          series={[line('Online CPUs', pick('cpuOnlineCount'))]}
          {...common}
          formatY={(y) => num(Math.round(y * 10) / 10)}
          yUnit="count"
        />
      </div>
      <section className="panel" aria-label="RSS per process">
        <h3>RSS per process</h3>
        {d.processes.length === 0 ? (
          <p className="small muted">No process RSS in this range.</p>
        ) : (
          <>
            <div className="row">
              <label htmlFor="chart-process">Process</label>
              <select id="chart-process" value={chosen.subject} onChange={(e) => onChange(range, e.target.value)}>
                {d.processes.map((s) => (
                  <option key={s.subject} value={s.subject}>
                    {s.subject}
                  </option>
                ))}
              </select>
            </div>
            <div className="chart-grid">
              <LineChart
                title={`RSS of ${chosen.subject}`}
                series={[line('RSS', chosen.values)]}
                {...common}
                formatY={bytes}
                yUnit="bytes"

                overlay={fittedRate(growth, chosen, times)}
                zeroBased={false}
              />
              {growth ? <p className="small">{growth.summary} The dashed line is the rate the memory-growth rule fitted over its window.</p> : null}
            </div>
            <div className="table-wrap" tabIndex={0}>
              <table className="data small" aria-label="RSS of each process over the range">
                <thead>
                  <tr>
                    <th scope="col">Process</th>
                    <th scope="col" className="num">
                      First
                    </th>
                    <th scope="col" className="num">
                      Last
                    </th>
                    <th scope="col" className="num">
                      Change
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.processes.map((s) => {
                    const c = change(s.values);
                    const delta = c ? c.last - c.first : null;
                    return (
                      <tr key={s.subject} aria-current={s === chosen ? 'true' : undefined}>
                        <td>
                          <button type="button" className="link mono" onClick={() => onChange(range, s.subject)}>
                            {s.subject}
                          </button>
                        </td>
                        <td className="num">{bytes(c?.first)}</td>
                        <td className="num">{bytes(c?.last)}</td>
                        <td className="num">{delta === null ? 'unknown' : delta === 0 ? 'no change' : `${delta > 0 ? '+' : '−'}${bytes(Math.abs(delta))}`}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {d.processesOmitted > 0 && <p className="small muted">{d.processesOmitted} smaller processes left out.</p>}
          </>
        )}
      </section>
    </section>
  );
}
