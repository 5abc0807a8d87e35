import type { Metrics } from '../api/types';
import { isKnown, plural, seconds, sinceBoot, text } from '../format';
import { clockTime } from './chart-time';

type Hotplug = NonNullable<Metrics['cpuHotplug']>;
type ProcessMetrics = Metrics['processes'][number];

const ACTION_CLASS: Record<string, string> = { online: 'ok', offline: 'off', 'hot-added': 'add', allowing: 'allow' };
const W = 600;
const H = 56;
const AXIS_Y = 26;
/** Process starts this close to the events widen the view to show them; earlier ones are counted, not drawn. */
const NEAR_SECONDS = 3600;

/**
 * The events on a time axis zoomed to them (the window can span days; events come seconds apart), each
 * process start that falls near them marked below the axis, so a process started before a CPU came online
 * shows as such. Times read as wall-clock when the boot time is known, else as time since boot.
 */
export function HotplugTimeline({ hp, boot, processes }: { hp: Hotplug; boot: number | null; processes: readonly ProcessMetrics[] }) {
  const events = [...hp.events].sort((a, b) => a.atSecondsSinceBoot - b.atSecondsSinceBoot);
  const when = (t: number) => (isKnown(boot) ? clockTime((boot + t) * 1000) : `${seconds(t)} after boot`);
  // The table says both: the wall-clock second and the time since boot the kernel logged.
  const whenInTable = (t: number) => (isKnown(boot) ? `${clockTime((boot + t) * 1000)}, ${seconds(t)} after boot` : `${seconds(t)} after boot`);
  const starts = processes.flatMap((p) => (isKnown(p.startTimeSecondsSinceBoot) ? [{ subject: p.subject, at: p.startTimeSecondsSinceBoot }] : []));

  let lo = events[0]?.atSecondsSinceBoot ?? 0;
  let hi = events[events.length - 1]?.atSecondsSinceBoot ?? 0;
  const near = starts.filter((p) => p.at >= lo - NEAR_SECONDS && p.at <= hi + NEAR_SECONDS);
  for (const p of near) [lo, hi] = [Math.min(lo, p.at), Math.max(hi, p.at)];
  const pad = Math.max(10, (hi - lo) * 0.08);
  const start = Math.max(0, lo - pad);
  const end = hi + pad;
  const earlier = starts.filter((p) => p.at < start).length;
  const later = starts.filter((p) => p.at > end).length;
  const x = (t: number) => 10 + ((t - start) / (end - start)) * (W - 20);

  return (
    <div>
      <h4 className="small" style={{ margin: '0.75rem 0 0.25rem' }}>
        CPU hot-plug timeline
      </h4>
      <p className="small muted" style={{ margin: 0 }}>
        Boot-time ceiling: {isKnown(hp.allowingCpus) ? `allowing ${hp.allowingCpus} CPUs` : 'unknown'}
        {isKnown(hp.allowingHotplugCpus) ? `, ${hp.allowingHotplugCpus} of them hot-plug` : ''}. Window {sinceBoot(hp.windowStartSecondsSinceBoot, boot)} →{' '}
        {sinceBoot(hp.windowEndSecondsSinceBoot, boot)}.
      </p>
      {events.length === 0 ? (
        <p className="small">No CPU went online, offline or was hot-added in this window.</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${W} ${H}`}
            width="100%"
            style={{ maxWidth: W }}
            role="img"
            aria-label={`${plural(events.length, 'hot-plug event')} from ${when(events[0].atSecondsSinceBoot)} to ${when(events[events.length - 1].atSecondsSinceBoot)}; ${plural(near.length, 'process start')} near them`}
          >
            <line x1={10} x2={W - 10} y1={AXIS_Y} y2={AXIS_Y} className="grid" strokeWidth={2} />
            {events.map((e, i) => (
              <g key={i}>
                <title>{`${when(e.atSecondsSinceBoot)}: CPU ${e.cpu ?? '?'} ${e.action} (${e.source})`}</title>
                <circle cx={x(e.atSecondsSinceBoot)} cy={AXIS_Y} r={6} className={`hp-${ACTION_CLASS[e.action] ?? 'ok'}`} />
              </g>
            ))}
            {near.map((p) => (
              <g key={p.subject}>
                <title>{`${when(p.at)}: ${p.subject} started`}</title>
                <line x1={x(p.at)} x2={x(p.at)} y1={AXIS_Y + 8} y2={AXIS_Y + 20} className="hp-start" />
                <path d={`M${x(p.at) - 4},${AXIS_Y + 8} L${x(p.at) + 4},${AXIS_Y + 8} L${x(p.at)},${AXIS_Y + 3} Z`} className="hp-start" />
              </g>
            ))}
          </svg>
          {/* Axis ends as page text, not SVG text: legible however narrow the panel. */}
          <div className="hp-axis small muted" style={{ maxWidth: W }}>
            <span>{when(start)}</span>
            <span>{when(end)}</span>
          </div>
          <p className="small muted" style={{ margin: 0 }}>
            Zoomed to the events. ▲ marks a process start
            {earlier > 0 ? `; ${plural(earlier, 'process', 'processes')} started earlier` : ''}
            {later > 0 ? `; ${plural(later, 'process', 'processes')} started later` : ''}.
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table className="data small" aria-label="CPU hot-plug events and process starts">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">CPU</th>
                  <th scope="col">Event</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {[...events.map((e) => ({ at: e.atSecondsSinceBoot, event: e })), ...near.map((p) => ({ at: p.at, start: p.subject }))]
                  .sort((a, b) => a.at - b.at)
                  .map((row, i) =>
                    'event' in row && row.event ? (
                      <tr key={i}>
                        <td>{whenInTable(row.at)}</td>
                        <td className={isKnown(row.event.cpu) ? undefined : 'unknown'}>{text(row.event.cpu)}</td>
                        <td>
                          {row.event.action}
                          {row.event.detail ? <span className="muted"> — {row.event.detail}</span> : null}
                        </td>
                        <td>{row.event.source}</td>
                      </tr>
                    ) : (
                      <tr key={i} className="muted">
                        <td>{whenInTable(row.at)}</td>
                        <td />
                        <td>
                          ▲ <span className="mono">{'start' in row ? row.start : ''}</span> started
                        </td>
                        <td>process start time</td>
                      </tr>
                    ),
                  )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
