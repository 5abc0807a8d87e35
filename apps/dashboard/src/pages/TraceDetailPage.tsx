import { qs } from '../api/client';
import type { TraceAnalysis, TraceDetail, TraceModelResult } from '../api/output-types';
import type { Finding, Page } from '../api/types';
import { HBarChart } from '../components/Charts';
import { LineChart } from '../components/LineChart';
import { ErrorBox, Loading } from '../components/States';
import { TraceStatus } from '../components/TraceStatus';
import { bytes, dateTime, num } from '../format';
import { useApi, useInterval } from '../hooks';
import { Link } from '../router';

const MODEL_TITLES: Record<string, string> = {
  'three-tier': 'Three-tier (free lists, 32 KiB chunks, direct maps)',
  buddy: 'Buddy, 8-byte header',
  'buddy-no-header': 'Buddy, no header (32 KiB-aligned chunks)',
  'size-classes': 'Size classes (jemalloc-like slabs)',
};

// Request sizes read best exact: 512 B, 1 KiB, 2 KiB (the table-doubling steps), not 1.00 KiB.
const size = (n: number) => (n < 1024 ? `${n} B` : n % 1024 === 0 && n < 1024 * 1024 ? `${n / 1024} KiB` : bytes(n));
const sizeRange = (min: number, max: number) => (min === max ? size(min) : `${size(min)}–${size(max)}`);

const pct = (v: number) => `${v.toFixed(1)}%`;
const ratio = (v: number) => (v ? `${v.toFixed(2)}×` : '—');

/** The ratio the allocator-fragmentation finding measured on this process (resident / allocated), if it has one. */
function useMeasuredRatio(t: TraceDetail | null): number | null {
  const path = t?.hostId && t.subject ? `/findings${qs({ hostId: t.hostId, rule: 'allocator-fragmentation', limit: 100 })}` : null;
  const findings = useApi<Page<Finding>>(path);
  const f = findings.data?.items.find((x) => x.subject === t?.subject);
  const v = f?.evidence.find((e) => e.key === 'ratio')?.value;
  return typeof v === 'number' ? v : null;
}

function ModelsTable({ models, measured }: { models: TraceModelResult[]; measured: number | null }) {
  const best = Math.min(...models.map((m) => m.peakFootprintBytes));
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="data models">
        <caption>Allocator runs, at each run’s peak footprint</caption>
        <thead>
          <tr>
            <th scope="col">Design</th>
            <th scope="col">Pools</th>
            <th scope="col" className="num">
              Peak footprint
            </th>
            <th scope="col" className="num">
              Live at peak
            </th>
            <th scope="col" className="num">
              Internal
            </th>
            <th scope="col" className="num">
              External
            </th>
            <th scope="col" className="num">
              Footprint / live
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={`${m.name}/${m.pools}`} data-model={`${m.name}/${m.pools}`}>
              <th scope="row">
                {MODEL_TITLES[m.name] ?? m.name}
                {m.peakFootprintBytes === best && <span className="badge best">smallest</span>}
              </th>
              <td>{m.pools}</td>
              <td className="num">{bytes(m.peakFootprintBytes)}</td>
              <td className="num">{bytes(m.liveBytesAtPeak)}</td>
              <td className="num">
                {bytes(m.internalFragmentationBytes)} <span className="muted small">{pct(m.internalFragmentationPercent)}</span>
              </td>
              <td className="num">
                {bytes(m.externalFragmentationBytes)} <span className="muted small">{pct(m.externalFragmentationPercent)}</span>
              </td>
              <td className="num">{ratio(m.footprintToLiveRatio)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {measured !== null && (
        <p className="small measured-ratio">
          Measured on this process by the allocator-fragmentation finding: resident / allocated = <strong>{ratio(measured)}</strong>. A design whose footprint /
          live ratio is well below it would have held this trace in less memory.
        </p>
      )}
    </div>
  );
}

function Analysis({ a, measured }: { a: TraceAnalysis; measured: number | null }) {
  const errors = Object.entries(a.errors).filter(([, n]) => n > 0);
  return (
    <>
      <dl className="facts trace-facts">
        <dt>Events</dt>
        <dd>{num(a.events)}</dd>
        <dt>VMs</dt>
        <dd>{num(a.vms)}</dd>
        <dt>Peak live</dt>
        <dd>
          {bytes(a.peakLiveBytes)} <span className="muted small">at event {num(a.peakAtEvent)}</span>
        </dd>
        <dt>Never freed</dt>
        <dd>
          {bytes(a.leaks.bytes)} <span className="muted small">in {num(a.leaks.blocks)} blocks</span>
        </dd>
        <dt>Trace errors</dt>
        <dd>{errors.length ? errors.map(([k, n]) => `${k} ${num(n)}`).join(', ') : 'none'}</dd>
      </dl>
      <ModelsTable models={a.models} measured={measured} />
      <p className="muted small definitions">
        Footprint: {a.definitions.footprint}. Internal fragmentation: {a.definitions.internal}. External fragmentation: {a.definitions.external}.
      </p>
      <div className="grid3">
        <LineChart
          title="Live bytes over the trace"
          points={a.liveBytesSeries.map((p) => ({ x: p.event, y: p.liveBytes }))}
          formatX={(x) => `event ${num(Math.round(x))}`}
          formatY={(y) => bytes(y)}
          markers={a.peakAtEvent ? [{ x: a.peakAtEvent, label: `peak ${bytes(a.peakLiveBytes)}` }] : []}
        />
        <HBarChart
          title="Requests by size"
          unit="requests"
          data={a.sizeHistogram.filter((b) => b.count > 0).map((b) => ({ label: sizeRange(b.minBytes, b.maxBytes), value: b.count }))}
        />
      </div>
    </>
  );
}

export function TraceDetailPage({ id }: { id: string }) {
  const t = useApi<TraceDetail>(`/traces/${id}`);
  const running = t.data?.status === 'queued' || t.data?.status === 'running';
  useInterval(t.reload, 1500, running && !t.error);
  const measured = useMeasuredRatio(t.data);
  if (t.error) return <ErrorBox error={t.error} onRetry={t.reload} />;
  if (!t.data) return <Loading what="Loading the trace" />;
  const d = t.data;
  return (
    <section>
      <p className="crumbs">
        <Link to="/traces">Trace lab</Link> ›
      </p>
      <h1>{d.name ?? `Trace of ${dateTime(d.createdAt)}`}</h1>
      <p>
        <TraceStatus trace={d} /> Uploaded {dateTime(d.createdAt)} by {d.createdBy}; {num(d.events)} events, {bytes(d.bytes)} ({bytes(d.storedBytes)} stored).
        {d.hostId && (
          <>
            {' '}
            Recorded on <Link to={`/hosts/${d.hostId}`}>{d.hostname ?? 'its host'}</Link>
            {d.subject && <> by {d.subject}</>}.
          </>
        )}
      </p>
      {d.analysis ? (
        <Analysis a={d.analysis} measured={measured} />
      ) : (
        d.status !== 'failed' && <Loading what="Replaying the trace through the allocator models" />
      )}
    </section>
  );
}
