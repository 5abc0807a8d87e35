import type { AuditSummary } from '@memfleet/contracts';
import type { AuditExportMeta } from './audit-document';
import { auditReport, SEVERITY_SERIES, type ChartBar, type ReportBlock } from './audit-report';
import { count } from './text-format';

// A self-contained printable page: inline CSS, inline SVG, no script, no external asset. Every text comes
// through esc(): hostnames, subjects and summaries are sent by agents.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c]);

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d2939; margin: 0 auto; max-width: 1040px; padding: 24px 32px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; border-bottom: 2px solid #d0d5dd; padding-bottom: 4px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 8px; color: #475467; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 13px; }
th, td { border: 1px solid #d0d5dd; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f4f7; white-space: nowrap; overflow-wrap: normal; }
table.narrow { width: auto; min-width: 40%; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.more { color: #475467; font-style: italic; }
figure { margin: 8px 0; }
figcaption { font-weight: 600; font-size: 13px; }
svg text { font: 12px system-ui, Arial, sans-serif; fill: #1d2939; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section { break-inside: auto; }
  h2, h3 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
}`;

function chart(title: string, bars: ChartBar[]): string {
  const labelWidth = 230;
  const barWidth = 520;
  const rowHeight = 22;
  const top = 28;
  const max = Math.max(1, ...bars.map((b) => b.critical + b.warning + b.info + b.silenced));
  const legend = SEVERITY_SERIES.map(
    (s, i) =>
      `<rect x="${labelWidth + i * 100}" y="4" width="12" height="12" fill="${s.colour}"/><text x="${labelWidth + i * 100 + 16}" y="14">${s.label}</text>`,
  ).join('');
  const rows = bars.map((b, i) => {
    const y = top + i * rowHeight;
    let x = labelWidth;
    const segments = SEVERITY_SERIES.map((s) => {
      const w = (b[s.key] / max) * barWidth;
      const rect =
        w > 0
          ? `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${s.colour}"><title>${esc(b.label)}: ${b[s.key]} ${s.label}</title></rect>`
          : '';
      x += w;
      return rect;
    }).join('');
    const total = b.critical + b.warning + b.info + b.silenced;
    return `<text x="${labelWidth - 8}" y="${y + 12}" text-anchor="end">${esc(b.label)}</text>${segments}<text x="${(x + 6).toFixed(1)}" y="${y + 12}">${count(total)}</text>`;
  });
  const height = top + bars.length * rowHeight + 4;
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="100%" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}">${legend}${rows.join('')}</svg></figure>`;
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'text':
      return `<p>${esc(b.text)}</p>`;
    case 'heading':
      return `<h3>${esc(b.text)}</h3>`;
    case 'chart':
      return chart(b.title, b.bars);
    case 'table': {
      const cls = (i: number) => (b.columns[i].numeric ? ' class="n"' : '');
      const head = b.columns.map((c, i) => `<th${cls(i)}>${esc(c.title)}</th>`).join('');
      const rows = b.rows.map((r) => `<tr>${r.map((cell, i) => `<td${cls(i)}>${esc(cell)}</td>`).join('')}</tr>`).join('\n');
      return `<table${b.columns.length <= 2 ? ' class="narrow"' : ''}><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>${b.more ? `<p class="more">${esc(b.more)}</p>` : ''}`;
    }
  }
}

/** The audit as one HTML document (a string: it shows the bounded summary, never the stream of hits). */
export function auditHtml(summary: AuditSummary, meta: AuditExportMeta): string {
  const report = auditReport(summary, meta);
  const facts = report.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const sections = report.sections
    .map((s) => `<section id="${esc(s.id)}">\n<h2>${esc(s.title)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(report.title)}</title>
<style>${CSS}
</style>
</head>
<body>
<header><h1>${esc(report.title)}</h1><dl class="facts">${facts}</dl></header>
${sections}
</body>
</html>
`;
}
