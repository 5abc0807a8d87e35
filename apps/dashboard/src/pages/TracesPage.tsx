import { useState, type FormEvent } from 'react';
import { describeError, qs, request } from '../api/client';
import type { TraceItem, TraceUploaded } from '../api/output-types';
import type { Page } from '../api/types';
import { Pager, useCursors } from '../components/Pager';
import { TraceStatus } from '../components/TraceStatus';
import { Empty, Loading } from '../components/States';
import { ListError } from '../components/Unavailable';
import { ago, bytes, dateTime, num } from '../format';
import { useApi, useInterval } from '../hooks';
import { Link, navigate, useLocation } from '../router';
import { useCan } from '../session';

const PAGE_SIZE = 25;

/** Upload a trace file (plain or .gz) from the browser; linked to a host's process when the page was opened from a finding. */
function UploadTrace({ hostId, subject }: { hostId: string | null; subject: string | null }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const gz = /\.gz$/i.test(file.name);
      const query = qs({ hostId, subject, name: file.name });
      const res = await request<TraceUploaded>(`/traces${query}`, {
        method: 'POST',
        raw: { data: file, contentType: 'text/plain', contentEncoding: gz ? 'gzip' : undefined },
      });
      navigate(`/traces/${res.id}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <form className="card upload-trace" onSubmit={(e) => void submit(e)} aria-label="Upload a trace">
      <h2>Upload a trace</h2>
      <p className="muted small">
        One event per line: <code>a VM ID SIZE</code>, <code>f VM ID SIZE</code>, <code>r VM ID OLDSIZE NEWSIZE</code>; a <code>.gz</code> file is sent
        compressed. {subject && hostId ? `It will be linked to ${subject}.` : ''}
      </p>
      <label>
        Trace file <input type="file" accept=".trace,.txt,.log,.gz,text/plain" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>{' '}
      <button type="submit" className="primary" disabled={!file || busy}>
        {busy ? 'Uploading…' : 'Upload and analyse'}
      </button>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function TraceRow({ t }: { t: TraceItem }) {
  return (
    <tr data-trace={t.id}>
      <td>
        <Link to={`/traces/${t.id}`}>{t.name ?? dateTime(t.createdAt)}</Link>
        <div className="muted small">
          {ago(t.createdAt)} by {t.createdBy}
        </div>
      </td>
      <td>
        <TraceStatus trace={t} />
      </td>
      <td className="inline" data-label="process">
        {t.hostId ? (
          <>
            <Link to={`/hosts/${t.hostId}`}>{t.hostname ?? 'host'}</Link>
            {t.subject && <div className="muted small">{t.subject}</div>}
          </>
        ) : (
          <span className="muted">not linked</span>
        )}
      </td>
      <td className="num">{num(t.events)}</td>
      <td className="num">{bytes(t.bytes)}</td>
    </tr>
  );
}

/** The allocation-trace lab: every uploaded trace, newest first; opened from a finding, only that process's traces. */
export function TracesPage() {
  const { search, query } = useLocation();
  const hostId = query.get('hostId');
  const subject = query.get('subject');
  const canUpload = useCan('operator');
  const pages = useCursors(search);
  const list = useApi<Page<TraceItem>>(`/traces${qs({ limit: PAGE_SIZE, cursor: pages.cursor, hostId, subject })}`);
  const active = (list.data?.items ?? []).some((t) => t.status === 'queued' || t.status === 'running');
  useInterval(list.reload, 2000, active && !list.error);
  return (
    <section>
      <h1>Trace lab</h1>
      <p className="muted lede">
        Replay a recorded alloc/free log against allocator designs — a three-tier pool, buddy blocks with and without a header, size classes; per VM and shared
        — and see the peak footprint and where the memory goes: internal fragmentation (rounding, headers) and external (free space no request fits).
      </p>
      {hostId && (
        <p>
          Traces of {subject ? <strong>{subject}</strong> : 'this host'} on <Link to={`/hosts/${hostId}`}>its host</Link>. <Link to="/traces">All traces</Link>
        </p>
      )}
      {canUpload && <UploadTrace hostId={hostId} subject={subject} />}
      {list.error ? (
        <ListError error={list.error} what="Traces are" onRetry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading traces" />
      ) : list.data.items.length === 0 && pages.pageNo === 1 ? (
        <Empty title={hostId ? 'No trace of this process yet' : 'No trace uploaded yet'}>
          <p>
            Record one with the allocator hook of your runtime, or convert a lalloc log with <code>memfleet-agent trace convert</code>; try it offline with{' '}
            <code>memfleet-agent trace analyze FILE</code>.
          </p>
        </Empty>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0}>
            <table className="data traces cards">
              <thead>
                <tr>
                  <th scope="col">Trace</th>
                  <th scope="col">Status</th>
                  <th scope="col">Process</th>
                  <th scope="col" className="num">
                    Events
                  </th>
                  <th scope="col" className="num">
                    Size
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((t) => (
                  <TraceRow key={t.id} t={t} />
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            pageNo={pages.pageNo}
            pages={Math.max(1, Math.ceil(list.data.total / PAGE_SIZE))}
            onPrevious={pages.previous}
            onNext={pages.next(list.data.nextCursor)}
          />
        </>
      )}
    </section>
  );
}
