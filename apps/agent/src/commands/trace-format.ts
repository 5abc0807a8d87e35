import type { TraceAnalysis } from '@memfleet/trace-lab';

const KIB = 1024;
const MIB = 1024 * 1024;

/** 1536 → "1.5 KiB"; exact bytes below 10 KiB stay readable as bytes. */
export function formatBytes(n: number): string {
  if (Math.abs(n) < 10 * KIB) return `${n} B`;
  if (Math.abs(n) < 10 * MIB) return `${(n / KIB).toFixed(1)} KiB`;
  return `${(n / MIB).toFixed(1)} MiB`;
}

const group = (n: number) => n.toLocaleString('en-US');

function table(rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The human form of an analysis: summary, models table, definitions, then histogram, leaks and errors. */
export function formatTraceAnalysis(a: TraceAnalysis, file: string): string {
  const out: string[] = [];
  out.push(`Trace ${file}: ${group(a.events)} events, ${group(a.vms)} VMs`);
  out.push(`Peak live: ${formatBytes(a.peakLiveBytes)} (${group(a.peakLiveBytes)} B) at event ${group(a.peakAtEvent)}`);
  out.push(`Leaks (allocated, never freed): ${formatBytes(a.leaks.bytes)} in ${group(a.leaks.blocks)} blocks`);
  const errors = Object.entries(a.errors).filter(([, n]) => n > 0);
  out.push(`Trace errors (counted, skipped): ${errors.length === 0 ? 'none' : errors.map(([k, n]) => `${k} ${group(n)}`).join(', ')}`);
  out.push('');
  out.push('Models, each at the moment of its peak footprint:');
  const rows = [['model', 'pools', 'peak footprint', 'live at peak', 'internal', '%', 'external', '%', 'footprint/live']];
  for (const m of a.models) {
    rows.push([
      m.name,
      m.pools,
      formatBytes(m.peakFootprintBytes),
      formatBytes(m.liveBytesAtPeak),
      formatBytes(m.internalFragmentationBytes),
      m.internalFragmentationPercent.toFixed(1),
      formatBytes(m.externalFragmentationBytes),
      m.externalFragmentationPercent.toFixed(1),
      m.footprintToLiveRatio.toFixed(2),
    ]);
  }
  out.push(table(rows, new Set([2, 3, 4, 5, 6, 7, 8])));
  out.push('');
  out.push('Definitions:');
  out.push(`  footprint = ${a.definitions.footprint}`);
  out.push(`  internal  = ${a.definitions.internal}`);
  out.push(`  external  = ${a.definitions.external}`);
  out.push('  % are of the footprint at that moment.');
  const used = a.sizeHistogram.filter((b) => b.count > 0);
  if (used.length > 0) {
    out.push('');
    out.push('Request sizes:');
    const hist = [['bytes', 'requests', 'bytes requested']];
    for (const b of used) hist.push([b.label, group(b.count), formatBytes(b.bytes)]);
    out.push(table(hist, new Set([1, 2])).replace(/^/gm, '  '));
  }
  if (a.leaks.bySize.length > 0) {
    out.push('');
    out.push('Leaked sizes (most bytes first, at most 10):');
    const leak = [['size', 'blocks', 'bytes']];
    for (const l of a.leaks.bySize.slice(0, 10)) leak.push([`${l.size}`, group(l.blocks), formatBytes(l.bytes)]);
    out.push(table(leak, new Set([0, 1, 2])).replace(/^/gm, '  '));
  }
  return out.join('\n') + '\n';
}
