import PDFDocument from 'pdfkit';
import type { Readable } from 'node:stream';
import type { AuditSummary } from '@memfleet/contracts';
import type { AuditExportMeta } from './audit-document';
import { auditReport, SEVERITY_SERIES, type ChartBar, type ReportBlock } from './audit-report';
import { count } from './text-format';

// The audit as a PDF drawn by pdfkit on the server (no browser): the same sections and tables as the
// HTML, and the bar chart drawn with rectangles. The built-in Helvetica needs no font file but only
// knows Windows-1252: characters outside it are written as readable ASCII (≥ as >=, → as ->), and any
// other one as a visible [U+XXXX], never as a bare '?' that reads like a question.

const MARGIN = 48;
const INK = '#1d2939';
const MUTED = '#475467';
const LINE = '#d0d5dd';
const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const ASCII_FOR: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '≈': '~',
  '∼': '~',
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '⇒': '=>',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '✓': 'v',
  '✗': 'x',
  '⚠': '(!)',
  '∞': 'infinity',
  '′': "'",
  '\u202f': ' ',
  '\u2009': ' ',
  '″': '"',
};
/** A text Helvetica's Windows-1252 can print as it reads. */
export const printable = (s: string): string =>
  [...s]
    .map((c) => {
      if (c === '\n' || c === '\t') return ' ';
      if (/[\u0020-\u007e\u00a0-\u00ff]/.test(c)) return c;
      if (CP1252_EXTRA.includes(c)) return c;
      return ASCII_FOR[c] ?? `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
    })
    .join('');

type Doc = PDFKit.PDFDocument;
const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const bottom = (doc: Doc) => doc.page.height - MARGIN;
/** Starts a new page unless `height` points still fit on this one. */
function room(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function chart(doc: Doc, title: string, bars: ChartBar[]): void {
  const labelWidth = 170;
  const rowHeight = 14;
  const barArea = contentWidth(doc) - labelWidth - 40;
  const max = Math.max(1, ...bars.map((b) => b.critical + b.warning + b.info + b.silenced));
  room(doc, 40 + rowHeight * Math.min(bars.length, 6));
  doc.font('Helvetica-Bold').fontSize(9).fillColor(INK).text(printable(title), MARGIN, doc.y);
  let y = doc.y + 4;
  SEVERITY_SERIES.forEach((s, i) => {
    const x = MARGIN + labelWidth + i * 80;
    doc.rect(x, y, 8, 8).fill(s.colour);
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(INK)
      .text(s.label, x + 11, y, { lineBreak: false });
  });
  y += 16;
  for (const b of bars) {
    if (y + rowHeight > bottom(doc)) {
      doc.addPage();
      y = doc.y;
    }
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(INK)
      .text(printable(b.label), MARGIN, y + 2, { width: labelWidth - 8, align: 'right', lineBreak: false, ellipsis: true });
    let x = MARGIN + labelWidth;
    for (const s of SEVERITY_SERIES) {
      const w = (b[s.key] / max) * barArea;
      if (w > 0) doc.rect(x, y, w, rowHeight - 4).fill(s.colour);
      x += w;
    }
    doc.fillColor(INK).text(count(b.critical + b.warning + b.info + b.silenced), x + 4, y + 2, { lineBreak: false });
    y += rowHeight;
  }
  doc.x = MARGIN;
  doc.y = y + 6;
}

function table(doc: Doc, b: Extract<ReportBlock, { kind: 'table' }>): void {
  const total = b.columns.reduce((n, c) => n + (c.weight ?? 1), 0);
  const widths = b.columns.map((c) => (contentWidth(doc) * (c.weight ?? 1)) / total);
  const align = (i: number) => (b.columns[i].numeric ? ('right' as const) : ('left' as const));
  room(doc, 40);
  doc.font('Helvetica').fontSize(8).fillColor(INK);
  doc.table({
    position: { x: MARGIN },
    columnStyles: widths,
    defaultStyle: { border: 0.5, borderColor: LINE, padding: [2, 4] },
    data: [
      b.columns.map((c, i) => ({
        text: printable(c.title),
        font: { src: 'Helvetica-Bold' },
        backgroundColor: '#f2f4f7',
        align: { x: align(i) },
        type: 'TH' as const,
      })),
      ...b.rows.map((r) => r.map((cell, i) => ({ text: printable(cell), align: { x: align(i) } }))),
    ],
  });
  if (b.more) doc.moveDown(0.2).font('Helvetica-Oblique').fontSize(8).fillColor(MUTED).text(printable(b.more), MARGIN);
  doc.moveDown(0.6);
}

function block(doc: Doc, b: ReportBlock): void {
  switch (b.kind) {
    case 'text':
      doc
        .font('Helvetica')
        .fontSize(9.5)
        .fillColor(INK)
        .text(printable(b.text), MARGIN, doc.y, { width: contentWidth(doc) })
        .moveDown(0.4);
      return;
    case 'heading':
      doc.moveDown(0.3);
      room(doc, 60);
      doc
        .font('Helvetica-Bold')
        .fontSize(11)
        .fillColor(INK)
        .text(printable(b.text), MARGIN, doc.y, { width: contentWidth(doc) })
        .moveDown(0.3);
      return;
    case 'chart':
      chart(doc, b.title, b.bars);
      return;
    case 'table':
      table(doc, b);
      return;
  }
}

/** The audit as a PDF stream (it shows the bounded summary; the JSON and CSV exports carry every hit). */
export function auditPdf(summary: AuditSummary, meta: AuditExportMeta): Readable {
  const report = auditReport(summary, meta);
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: printable(report.title), Creator: 'memfleet' } });
  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text(printable(report.title)).moveDown(0.3);
  for (const [k, v] of report.facts) {
    doc.font('Helvetica-Bold').fontSize(9).fillColor(MUTED).text(`${k}: `, { continued: true }).font('Helvetica').text(printable(v));
  }
  for (const section of report.sections) {
    doc.moveDown(0.8);
    room(doc, 80);
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(14).fillColor(INK).text(printable(section.title), MARGIN, y);
    doc
      .moveTo(MARGIN, doc.y + 1)
      .lineTo(MARGIN + contentWidth(doc), doc.y + 1)
      .lineWidth(1)
      .strokeColor(LINE)
      .stroke();
    doc.moveDown(0.4);
    for (const b of section.blocks) block(doc, b);
  }
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    const footerY = doc.page.height - MARGIN / 2 - 6;
    doc.page.margins.bottom = 0; // writing in the bottom margin must not open a new page
    doc
      .font('Helvetica')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(`memfleet audit ${meta.id} - page ${i + 1} of ${pages.count}`, MARGIN, footerY, { width: contentWidth(doc), align: 'center', lineBreak: false });
  }
  doc.end();
  return doc;
}
