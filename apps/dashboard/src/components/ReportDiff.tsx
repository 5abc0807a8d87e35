import { useEffect, useState } from 'react';
import { request } from '../api/client';
import type { HistoryEntry, ReportFacts } from '../api/types';
import { naturalCompare } from '@memfleet/contracts/natural-order';
import { bytes, dateTime, num, seconds } from '../format';
import { ErrorBox, Loading } from './States';

type Flat = Map<string, unknown>;

/** Flattens facts to path → value; process and mount lists are keyed by subject / mount point, not index. */
function flatten(v: unknown, prefix: string, out: Flat): Flat {
  if (Array.isArray(v)) {
    const keyed = v.every((x) => x && typeof x === 'object' && ('subject' in x || 'mountPoint' in x));
    if (!keyed || v.length === 0) {
      out.set(prefix, JSON.stringify(v));
      return out;
    }
    for (const x of v as Record<string, unknown>[]) flatten(x, `${prefix}[${String(x.subject ?? x.mountPoint)}]`, out);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
  return out;
}

/** A number in the unit its fact's name gives: sizes for …Bytes, durations for …Seconds…, else with thousands separators. */
function inUnit(path: string, v: number): string {
  if (/Bytes$/.test(path)) return bytes(v);
  if (/Seconds(SinceBoot)?$/.test(path)) return seconds(v);
  return num(v);
}

/** A value as people read it. */
function show(path: string, v: unknown): string {
  if (v === undefined) return '(absent)';
  if (v === null) return 'unknown';
  if (typeof v === 'number') return inUnit(path, v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return typeof v === 'string' ? (v === '' ? '(empty)' : v) : JSON.stringify(v);
}

/** The change of a number, signed, in the fact's unit; empty when either side is not a number. */
function delta(path: string, before: unknown, after: unknown): string {
  if (typeof before !== 'number' || typeof after !== 'number') return '';
  const d = after - before;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  return `${sign}${inUnit(path, Math.abs(d))}`;
}

/**
 * The pair the comparison opens on: the newest configuration change (the report before it, and the one
 * that brought it), since consecutive reports usually carry the same configuration; else the two newest.
 */
export function defaultPair(history: HistoryEntry[]): { from: string; to: string; change: boolean } {
  for (let i = 0; i + 1 < history.length; i++)
    if (history[i].configHash !== history[i + 1].configHash) return { from: history[i + 1].reportId, to: history[i].reportId, change: true };
  return { from: history[1]?.reportId ?? history[0]?.reportId ?? '', to: history[0]?.reportId ?? '', change: false };
}

export function ReportDiff({ hostId, history }: { hostId: string; history: HistoryEntry[] }) {
  const [initial] = useState(() => defaultPair(history));
  const [a, setA] = useState(initial.from);
  const [b, setB] = useState(initial.to);
  const [includeMetrics, setIncludeMetrics] = useState(false);
  const [state, setState] = useState<{ loading: boolean; error: unknown; facts: [ReportFacts, ReportFacts] | null }>({
    loading: false,
    error: null,
    facts: null,
  });

  useEffect(() => {
    if (!a || !b || a === b) return setState({ loading: false, error: null, facts: null });
    const ctl = new AbortController();
    setState({ loading: true, error: null, facts: null });
    Promise.all([a, b].map((id) => request<ReportFacts>(`/hosts/${hostId}/reports/${id}/facts`, { signal: ctl.signal }))).then(
      ([fa, fb]) => setState({ loading: false, error: null, facts: [fa, fb] }),
      (error: unknown) => !ctl.signal.aborted && setState({ loading: false, error, facts: null }),
    );
    return () => ctl.abort();
  }, [a, b, hostId]);

  const label = (h: HistoryEntry) => `#${h.sequence} · ${dateTime(h.collectedAt)}`;
  let rows: { path: string; before: unknown; after: unknown }[] = [];
  if (state.facts) {
    const [fa, fb] = state.facts;
    const pick = (f: ReportFacts) => (includeMetrics ? { configuration: f.configuration, metrics: f.metrics } : { configuration: f.configuration });
    const ma = flatten(pick(fa), '', new Map());
    const mb = flatten(pick(fb), '', new Map());
    const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort(naturalCompare);
    rows = keys.filter((k) => JSON.stringify(ma.get(k)) !== JSON.stringify(mb.get(k))).map((k) => ({ path: k, before: ma.get(k), after: mb.get(k) }));
  }

  return (
    <section className="panel" aria-label="Compare two reports">
      <h3>Compare facts of two reports</h3>
      <p className="small muted">
        {initial.change
          ? 'Opens on the last configuration change: the report before it and the one that brought it.'
          : `The configuration did not change over these ${history.length} reports; comparing the two newest.`}
      </p>
      <div className="row">
        <label htmlFor="diff-a">From</label>
        <select id="diff-a" value={a} onChange={(e) => setA(e.target.value)}>
          {history.map((h) => (
            <option key={h.reportId} value={h.reportId}>
              {label(h)}
            </option>
          ))}
        </select>
        <label htmlFor="diff-b">to</label>
        <select id="diff-b" value={b} onChange={(e) => setB(e.target.value)}>
          {history.map((h) => (
            <option key={h.reportId} value={h.reportId}>
              {label(h)}
            </option>
          ))}
        </select>
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="checkbox" checked={includeMetrics} onChange={(e) => setIncludeMetrics(e.target.checked)} /> include volatile metrics
        </label>
      </div>
      {a === b ? (
        <p className="muted small">Pick two different reports.</p>
      ) : state.error ? (
        <ErrorBox error={state.error} />
      ) : state.loading || !state.facts ? (
        <Loading what="Loading both reports" />
      ) : rows.length === 0 ? (
        <p>No {includeMetrics ? 'fact or metric' : 'configuration fact'} differs between these two reports.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data small" aria-label="Differences">
            <thead>
              <tr>
                <th scope="col">Fact</th>
                <th scope="col">From #{state.facts[0].sequence}</th>
                <th scope="col">To #{state.facts[1].sequence}</th>
                <th scope="col" className="num">
                  Change
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.path}>
                  <td className="mono" style={{ wordBreak: 'break-all' }}>
                    {r.path}
                  </td>
                  <td className="diff-old mono">{show(r.path, r.before)}</td>
                  <td className="diff-new mono">{show(r.path, r.after)}</td>
                  <td className="num mono">{delta(r.path, r.before, r.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
