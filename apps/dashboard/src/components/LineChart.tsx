// A hand-written SVG line chart: one series over a numeric x axis, with a few labelled ticks and optional
// vertical markers. Its text alternative is the caption plus the smallest and largest values.

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineMarker {
  x: number;
  label: string;
}

const W = 640;
const H = 220;
const PAD = { left: 72, right: 12, top: 10, bottom: 28 };

function ticks(max: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => (max * i) / n);
}

export function LineChart({
  title,
  points,
  formatX,
  formatY,
  markers = [],
}: {
  title: string;
  points: LinePoint[];
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  markers?: LineMarker[];
}) {
  if (points.length === 0)
    return (
      <figure className="chart">
        <figcaption>{title}</figcaption>
        <p className="muted small">No data.</p>
      </figure>
    );
  const maxX = Math.max(1, ...points.map((p) => p.x));
  const maxY = Math.max(1, ...points.map((p) => p.y));
  const sx = (x: number) => PAD.left + (x / maxX) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - (y / maxY) * (H - PAD.top - PAD.bottom);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  const minY = Math.min(...points.map((p) => p.y));
  return (
    <figure className="chart line-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: from ${formatY(minY)} to ${formatY(maxY)} over ${formatX(maxX)}`}>
        {ticks(maxY, 4).map((t) => (
          <g key={`y${t}`} className="tick">
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} />
            <text x={PAD.left - 6} y={sy(t) + 4} textAnchor="end">
              {formatY(t)}
            </text>
          </g>
        ))}
        {ticks(maxX, 4).map((t) => (
          <text key={`x${t}`} className="tick" x={sx(t)} y={H - 8} textAnchor={t === 0 ? 'start' : t === maxX ? 'end' : 'middle'}>
            {formatX(t)}
          </text>
        ))}
        <path d={path} className="line" />
        {markers.map((m) => (
          <g key={m.label} className="marker">
            <line x1={sx(m.x)} x2={sx(m.x)} y1={PAD.top} y2={H - PAD.bottom} />
            <text x={Math.min(sx(m.x) + 4, W - PAD.right - 4)} y={PAD.top + 12} textAnchor={sx(m.x) > W * 0.7 ? 'end' : 'start'}>
              {m.label}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
