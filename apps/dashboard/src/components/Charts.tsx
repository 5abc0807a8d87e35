import type { EventBucket, Severity } from '../api/types';
import { Link } from '../router';

// Hand-written SVG charts: a few bars need no chart library.

export interface BarDatum {
  label: string;
  value: number;
  /** e.g. "unknown" entries are drawn hatched-grey, not like a real value. */
  muted?: boolean;
  href?: string;
}

function pct(v: number, total: number): string {
  if (!total || !v) return '0%';
  const p = (v / total) * 100;
  return p < 1 ? '<1%' : `${Math.round(p)}%`;
}

/** `share`: a column with each bar's part of the total (off where a sum means nothing, e.g. medians). */
export function HBarChart({ title, data, unit, share = true }: { title: string; data: BarDatum[]; unit: string; share?: boolean }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const total = data.reduce((a, d) => a + d.value, 0);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {data.length === 0 ? (
        <p className="muted small">No data.</p>
      ) : (
        <table className="hbar" aria-label={title}>
          <tbody>
            {data.map((d) => (
              <tr key={d.label}>
                <th scope="row" className={d.muted ? 'muted' : undefined}>
                  {d.href ? (
                    <Link to={d.href} title={`The ${d.value.toLocaleString('en-US')} ${unit}: open the host list filtered by it`}>
                      {d.label}
                    </Link>
                  ) : (
                    d.label
                  )}
                </th>
                <td className="bar-cell">
                  <svg width="100%" height="14" aria-hidden="true" preserveAspectRatio="none" viewBox="0 0 100 14">
                    <rect x="0" y="1" width={(d.value / max) * 100} height="12" className={d.muted ? 'bar-muted' : 'bar'} />
                  </svg>
                </td>
                <td className="num">
                  {d.value.toLocaleString('en-US')} <span className="muted small">{unit}</span>
                </td>
                {share && <td className="num muted small">{pct(d.value, total)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}

const SEVS: Severity[] = ['info', 'warning', 'critical'];

/**
 * Findings opened per UTC day, stacked by severity, with the hits that rose in severity (warning → critical,
 * info → warning) on top, so a critical count that grew without a new finding shows; resolved ones as dots.
 */
export function EventsChart({ buckets }: { buckets: EventBucket[] }) {
  const W = 720;
  const H = 180;
  const pad = { l: 32, r: 8, t: 10, b: 24 };
  const stacked = (b: EventBucket) => b.opened.critical + b.opened.warning + b.opened.info + b.escalated.critical + b.escalated.warning;
  const peak = Math.max(1, ...buckets.map((b) => Math.max(stacked(b), b.resolved)));
  // An even, 'nice' top so the middle grid line is a whole number too.
  const step = 10 ** Math.max(0, Math.floor(Math.log10(peak)) - 1);
  const max = Math.ceil(peak / (2 * step)) * 2 * step;
  const bw = (W - pad.l - pad.r) / Math.max(1, buckets.length);
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const totals = buckets.reduce(
    (a, b) => ({
      critical: a.critical + b.opened.critical,
      warning: a.warning + b.opened.warning,
      info: a.info + b.opened.info,
      toCritical: a.toCritical + b.escalated.critical,
      toWarning: a.toWarning + b.escalated.warning,
      deescalated: a.deescalated + b.deescalated,
      resolved: a.resolved + b.resolved,
    }),
    { critical: 0, warning: 0, info: 0, toCritical: 0, toWarning: 0, deescalated: 0, resolved: 0 },
  );
  const desc =
    `Over ${buckets.length} days: opened ${totals.critical} critical, ${totals.warning} warning, ${totals.info} info; ` +
    `escalated ${totals.toCritical} to critical, ${totals.toWarning} to warning; de-escalated ${totals.deescalated}; resolved ${totals.resolved}.`;
  return (
    <figure className="chart wide">
      <figcaption className="muted small">
        Opened (stacked by severity), escalated and resolved per UTC day (the API&apos;s day buckets), last {buckets.length} days
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={desc}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={pad.l} x2={W - pad.r} y1={y(max * f)} y2={y(max * f)} className="grid" />
            <text x={pad.l - 4} y={y(max * f) + 4} textAnchor="end" className="axis">
              {(max * f).toLocaleString('en-US')}
            </text>
          </g>
        ))}
        {buckets.map((b, i) => {
          let acc = 0;
          return (
            <g key={b.day}>
              <title>
                {`${b.day}: opened ${b.opened.critical} critical, ${b.opened.warning} warning, ${b.opened.info} info; ` +
                  `escalated ${b.escalated.critical} to critical, ${b.escalated.warning} to warning; de-escalated ${b.deescalated}; resolved ${b.resolved}`}
              </title>
              {[
                ...SEVS.map((s) => ({ key: s, v: b.opened[s], cls: `fill-${s}` })),
                { key: 'to-warning', v: b.escalated.warning, cls: 'fill-escalated-warning' },
                { key: 'to-critical', v: b.escalated.critical, cls: 'fill-escalated-critical' },
              ].map(({ key, v, cls }) => {
                if (!v) return null;
                const top = y(acc + v);
                const h = y(acc) - top;
                acc += v;
                return <rect key={key} x={pad.l + i * bw + 1} y={top} width={Math.max(1, bw * 0.6)} height={h} className={cls} />;
              })}
              {b.resolved > 0 && <circle cx={pad.l + i * bw + bw * 0.8} cy={y(b.resolved)} r={3} className="resolved-dot" />}
              {(i === buckets.length - 1 || (i % 7 === 0 && buckets.length - 1 - i >= 4)) && (
                <text x={pad.l + i * bw + bw * 0.3} y={H - 6} textAnchor="middle" className="axis">
                  {b.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <div className="legend">
        <span>
          <i className="swatch fill-critical" /> critical opened ({totals.critical})
        </span>
        <span>
          <i className="swatch fill-warning" /> warning opened ({totals.warning})
        </span>
        <span>
          <i className="swatch fill-info" /> info opened ({totals.info})
        </span>
        <span>
          <i className="swatch fill-escalated-critical" /> escalated to critical ({totals.toCritical})
        </span>
        <span>
          <i className="swatch fill-escalated-warning" /> escalated to warning ({totals.toWarning})
        </span>
        <span>
          <i className="swatch dot resolved-dot" /> resolved ({totals.resolved})
        </span>
        {totals.deescalated > 0 && <span className="muted">de-escalated: {totals.deescalated}</span>}
      </div>
    </figure>
  );
}

/** used | free-but-reserved | usable, as one bar; unknown parts leave the bar out. */
export function UsageBar({ total, free, usable }: { total: number | null | undefined; free: number | null | undefined; usable: number | null | undefined }) {
  if (total === null || total === undefined || total <= 0 || free === null || free === undefined) {
    return <span className="muted small">usage unknown</span>;
  }
  const used = Math.max(0, total - free);
  // An unread f_bavail is not "all free space usable": that part is drawn as unknown.
  const known = usable !== null && usable !== undefined;
  const avail = known ? Math.min(usable, free) : 0;
  const reserved = known ? Math.max(0, free - avail) : 0;
  const pct = (v: number) => `${(v / total) * 100}%`;
  const share = (v: number) => Math.round((v / total) * 100);
  return (
    <div className="usage" role="img" aria-label={`used ${share(used)}%, ${known ? `usable ${share(avail)}%` : 'usable unknown'}`}>
      <span className="u-used" style={{ width: pct(used) }} />
      {known ? (
        <>
          <span className="u-reserved" style={{ width: pct(reserved) }} />
          <span className="u-usable" style={{ width: pct(avail) }} />
        </>
      ) : (
        <span className="u-unknown" style={{ width: pct(free) }} />
      )}
    </div>
  );
}
