import { useLayoutEffect, useRef, useState } from 'react';

// A hand-written SVG line chart: one or more series over a numeric x axis (an event count, or epoch ms),
// with a few labelled ticks, optional vertical markers and an optional straight overlay (a fitted rate).
// A null y is a gap, never 0. Its text alternative is the caption plus each series' smallest and largest value.

export interface LinePoint {
  x: number;
  y: number | null;
}

export interface LineMarker {
  x: number;
  label: string;
}

export interface LineSeries {
  name: string;
  points: LinePoint[];
  /** CSS class of the stroke: line (default), line-2, line-3, line-dashed. */
  className?: string;
}

/** A straight segment drawn over the series, e.g. a fitted growth rate. */
export interface LineOverlay {
  from: { x: number; y: number };
  to: { x: number; y: number };
  label: string;
}

const DEFAULT_W = 640;
const H = 220;
const PAD = { left: 72, right: 12, top: 10, bottom: 28 };

function ticks(min: number, max: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => min + ((max - min) * i) / n);
}

/**
 * A round tick step (1, 2, 2.5 or 5 times a power of ten) of `unit`: for sizes the largest power of 1024
 * below the top, so a bytes axis reads 0, 5, 10 GiB rather than 2.95, 5.91 GiB.
 */
function niceStep(span: number, top: number, unit: 'bytes' | 'count'): number {
  const u = unit === 'bytes' ? 1024 ** Math.max(0, Math.floor(Math.log(Math.max(1, top)) / Math.log(1024))) : 1;
  const raw = span / 4 / u;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  const m = n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10;
  return Math.max(unit === 'count' ? 1 : 0, m * mag * u);
}

/** Path of a series, broken where y is unknown or where no point came for longer than `maxGapX`. */
function pathOf(points: LinePoint[], sx: (x: number) => number, sy: (y: number) => number, maxGapX: number): string {
  let d = '';
  let last: number | null = null;
  for (const p of points) {
    if (p.y === null) {
      last = null;
      continue;
    }
    d += `${last !== null && p.x - last <= maxGapX ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)} `;
    last = p.x;
  }
  return d.trim();
}

/**
 * The figure's width in CSS pixels, so the chart is drawn at its real size and its text stays legible on
 * a phone (a fixed viewBox scaled down to 350 px would shrink 11 px labels to 6 px).
 */
function useWidth(): [React.RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(DEFAULT_W);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(260, Math.round(el.clientWidth) || DEFAULT_W));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function LineChart({
  title,
  points,
  series,
  formatX,
  formatY,
  markers = [],
  overlay,
  domainX,
  zeroBased = true,
  yUnit,
  maxGapX = Infinity,
}: {
  title: string;
  /** A single series (the series prop draws several). */
  points?: LinePoint[];
  series?: LineSeries[];
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  markers?: LineMarker[];
  overlay?: LineOverlay | null;
  /** The x range drawn (e.g. the chosen time range); default: 0 (or the smallest x) to the largest x. */
  domainX?: [number, number];
  /** Start the y axis at 0 (default), or near the smallest value. */
  zeroBased?: boolean;
  /** Round y ticks for this kind of value; default: the range split in four. */
  yUnit?: 'bytes' | 'count';
  /** Points further apart than this are not joined (the host did not report in between). */
  maxGapX?: number;
}) {
  const [ref, W] = useWidth();
  const xTicks = W < 480 ? 2 : 4;
  const all: LineSeries[] = series ?? [{ name: title, points: points ?? [] }];
  const ys = all.flatMap((s) => s.points.flatMap((p) => (p.y === null ? [] : [p.y])));
  if (overlay) ys.push(overlay.from.y, overlay.to.y);
  const legend = all.length > 1 ? <Legend series={all} /> : null;
  if (ys.length === 0)
    return (
      <figure className="chart line-chart" ref={ref}>
        <figcaption>{title}</figcaption>
        <p className="muted small">No data in this range.</p>
      </figure>
    );
  const xs = all.flatMap((s) => s.points.map((p) => p.x));
  const [minX, maxX] = domainX ?? [series ? Math.min(...xs) : 0, Math.max(1, ...xs)];
  const top = Math.max(...ys);
  const bottom = zeroBased ? 0 : Math.min(...ys);
  let maxY = top > bottom ? top : bottom + Math.max(1, Math.abs(bottom) * 0.1);
  let minY = zeroBased ? 0 : Math.max(0, bottom - (maxY - bottom) * 0.1);
  let yTicks = ticks(minY, maxY, 4);
  if (yUnit) {
    const step = niceStep(maxY - minY, maxY, yUnit);
    minY = Math.floor(minY / step) * step;
    maxY = Math.max(minY + step, Math.ceil(maxY / step) * step);
    yTicks = Array.from({ length: Math.round((maxY - minY) / step) + 1 }, (_, i) => minY + i * step);
  }
  const spanX = maxX > minX ? maxX - minX : 1;
  const sx = (x: number) => PAD.left + ((x - minX) / spanX) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - minY) / (maxY - minY)) * (H - PAD.top - PAD.bottom);
  const ranges = all
    .map((s) => {
      const v = s.points.flatMap((p) => (p.y === null ? [] : [p.y]));
      return v.length ? `${all.length > 1 ? `${s.name} ` : ''}from ${formatY(Math.min(...v))} to ${formatY(Math.max(...v))}` : `${s.name} unknown`;
    })
    .join('; ');
  return (
    <figure className="chart line-chart" ref={ref}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${ranges}, ${formatX(minX)} to ${formatX(maxX)}`}>
        {yTicks.map((t) => (
          <g key={`y${t}`} className="tick">
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} />
            <text x={PAD.left - 6} y={sy(t) + 4} textAnchor="end">
              {formatY(t)}
            </text>
          </g>
        ))}
        {ticks(minX, maxX, xTicks).map((t, i) => (
          <text key={`x${t}`} className="tick" x={sx(t)} y={H - 8} textAnchor={i === 0 ? 'start' : i === xTicks ? 'end' : 'middle'}>
            {formatX(t)}
          </text>
        ))}
        {all.map((s) => (
          <path key={s.name} d={pathOf(s.points, sx, sy, maxGapX)} className={s.className ?? 'line'}>
            <title>{s.name}</title>
          </path>
        ))}
        {/* A lone known point between gaps draws no line: a dot shows it. */}
        {all.map((s) =>
          s.points.map((p, i) =>
            p.y !== null && !joined(s.points[i - 1], p, maxGapX) && !joined(p, s.points[i + 1], maxGapX) ? (
              <circle key={`${s.name}${i}`} cx={sx(p.x)} cy={sy(p.y)} r={2.5} className={`dot ${s.className ?? 'line'}`} />
            ) : null,
          ),
        )}
        {overlay && (
          <g className="overlay">
            <line x1={sx(overlay.from.x)} y1={sy(overlay.from.y)} x2={sx(overlay.to.x)} y2={sy(overlay.to.y)} />
            <text
              x={sx(overlay.from.x) > W * 0.55 ? Math.min(sx(overlay.from.x) - 6, W - PAD.right) : Math.max(PAD.left + 4, sx(overlay.from.x))}
              y={Math.max(PAD.top + 24, sy(overlay.to.y) - 6)}
              textAnchor={sx(overlay.from.x) > W * 0.55 ? 'end' : 'start'}
            >
              {overlay.label}
            </text>
          </g>
        )}
        {markers.map((m) => (
          <g key={m.label} className="marker">
            <line x1={sx(m.x)} x2={sx(m.x)} y1={PAD.top} y2={H - PAD.bottom} />
            <text x={Math.min(sx(m.x) + 4, W - PAD.right - 4)} y={PAD.top + 12} textAnchor={sx(m.x) > W * 0.7 ? 'end' : 'start'}>
              {m.label}
            </text>
          </g>
        ))}
      </svg>
      {legend}
    </figure>
  );
}

/** Whether two neighbouring points are drawn joined. */
const joined = (a: LinePoint | undefined, b: LinePoint | undefined, maxGapX: number) =>
  !!a && !!b && a.y !== null && b.y !== null && Math.abs(b.x - a.x) <= maxGapX;

function Legend({ series }: { series: LineSeries[] }) {
  return (
    <div className="legend">
      {series.map((s) => (
        <span key={s.name}>
          <i className={`swatch stroke-${s.className ?? 'line'}`} /> {s.name}
        </span>
      ))}
    </div>
  );
}
