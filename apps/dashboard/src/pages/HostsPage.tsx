import { useEffect, useState, type ChangeEvent } from 'react';
import { ApiError, qs } from '../api/client';
import type { Distributions, HostSummary, Page, RuleList } from '../api/types';
import { SeverityCount, StaleBadge } from '../components/Severity';
import { EnrollHint, ErrorBox, Empty, Loading } from '../components/States';
import { ago, bytes, dateTime, num, overcommit, seconds, text } from '../format';
import { RuleField, SeverityField } from '../components/FilterFields';
import { useApi } from '../hooks';
import { FACT_FILTERS, FactFilterChips, factParams } from '../components/FactFilters';
import { Link, navigate, useLocation } from '../router';

const PAGE_SIZES = [10, 25, 50, 100, 200];
const FILTERS = ['q', 'label', 'rule', 'severity', 'hypervisor', 'stale', 'sort', 'limit'] as const;
type Filter = (typeof FILTERS)[number];

/** The URL with one filter changed; everything else kept so a view can be shared. */
function withParam(query: URLSearchParams, key: Filter, value: string): string {
  const next = new URLSearchParams(query);
  if (key === 'label') {
    next.delete('label');
    value
      .split(/[\s,]+/)
      .filter(Boolean)
      .forEach((l) => next.append('label', l));
  } else if (value) next.set(key, value);
  else next.delete(key);
  const s = next.toString();
  return `/hosts${s ? `?${s}` : ''}`;
}

const TEXT_SORTS = ['hostname', 'lastSeenAt'];

/** The reason the API refused the search box's text (a 400 at query.q), shown beside the box. */
function searchProblem(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  return error.problem?.errors?.find((e) => e.path === 'query.q')?.reason ?? null;
}

function SortHeader({ label, field, sort, query }: { label: string; field: string; sort: string; query: URLSearchParams }) {
  const asc = sort === field;
  const desc = sort === `-${field}`;
  // Counts and recency are most useful descending first; names ascending.
  const first = field === 'hostname' ? field : `-${field}`;
  const next = asc ? `-${field}` : desc ? field : first;
  return (
    <th scope="col" aria-sort={asc ? 'ascending' : desc ? 'descending' : 'none'} className={TEXT_SORTS.includes(field) ? undefined : 'num'}>
      <button
        type="button"
        className="sort"
        onClick={() => navigate(withParam(query, 'sort', next))}
        aria-label={`Sort by ${label}${asc ? ', now ascending' : desc ? ', now descending' : ''}`}
      >
        {label} <span aria-hidden="true">{asc ? '▲' : desc ? '▼' : '↕'}</span>
      </button>
    </th>
  );
}

function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels);
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <span className="labels">
      {entries.map(([k, v]) => (
        <span key={k} className="label-chip">
          {k}={v}
        </span>
      ))}
    </span>
  );
}

export function HostsPage() {
  const { query, search } = useLocation();
  const sort = query.get('sort') ?? 'hostname';
  const pageSize = PAGE_SIZES.includes(Number(query.get('limit'))) ? Number(query.get('limit')) : 50;
  const [q, setQ] = useState(query.get('q') ?? '');
  const [label, setLabel] = useState(query.getAll('label').join(' '));
  // Cursors of the pages before the current one; reset whenever the filters change.
  const [stack, setStack] = useState<{ search: string; cursors: (string | null)[] }>({ search, cursors: [null] });
  const cursors = stack.search === search ? stack.cursors : [null];
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    setQ(query.get('q') ?? '');
    setLabel(query.getAll('label').join(' '));
    // Only when the URL changes from outside (back/forward, links).
  }, [search]);

  // Text filters apply as you type, after a pause; the URL is replaced, not pushed, per keystroke.
  useEffect(() => {
    const t = setTimeout(() => {
      if (q !== (query.get('q') ?? '')) navigate(withParam(query, 'q', q), { replace: true });
    }, 350);
    return () => clearTimeout(t);
  }, [q, query]);

  const params = {
    q: query.get('q'),
    label: query.getAll('label'),
    rule: query.get('rule'),
    severity: query.get('severity'),
    hypervisor: query.get('hypervisor'),
    stale: query.get('stale'),
    ...factParams(query),
    sort,
    limit: pageSize,
    cursor,
  };
  const hosts = useApi<Page<HostSummary>>(`/hosts${qs(params)}`);
  const rules = useApi<RuleList>('/rules');
  const dists = useApi<Distributions>('/stats/distributions');
  const qProblem = searchProblem(hosts.error);
  const filtered = FILTERS.some((f) => f !== 'sort' && f !== 'limit' && query.getAll(f).length > 0) || FACT_FILTERS.some((f) => query.has(f.key));
  const pageNo = cursors.length;

  const select = (key: Filter) => (e: ChangeEvent<HTMLSelectElement>) => navigate(withParam(query, key, e.target.value));

  return (
    <section>
      <h1>Hosts</h1>
      <form
        className="filters"
        role="search"
        aria-label="Filter hosts"
        onSubmit={(e) => {
          e.preventDefault();
          let url = withParam(query, 'q', q);
          url = withParam(new URL(url, location.origin).searchParams, 'label', label);
          navigate(url);
        }}
      >
        <div className="field search-field">
          <label htmlFor="f-q">Search</label>
          <input
            id="f-q"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="envoy, node-12, runtime:envoy version:<1.34"
            aria-invalid={qProblem ? true : undefined}
            aria-describedby={qProblem ? 'f-q-problem' : 'f-q-hint'}
          />
          {qProblem ? (
            <p id="f-q-problem" className="field-problem" role="alert">
              {qProblem}
            </p>
          ) : (
            <p id="f-q-hint" className="muted small field-hint">
              Words match name, labels, IPs, kernel, runtimes and processes; or runtime: version:&lt;1.34 process: kernel: ip: label:k=v
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="f-label">Labels (key=value)</label>
          <input
            id="f-label"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            onBlur={() => label !== query.getAll('label').join(' ') && navigate(withParam(query, 'label', label))}
            placeholder="env=prod region=us-east"
          />
        </div>
        <RuleField value={query.get('rule') ?? ''} rules={rules.data} onChange={select('rule')} />
        <SeverityField value={query.get('severity') ?? ''} onChange={select('severity')} />
        <div className="field">
          <label htmlFor="f-hv">Hypervisor</label>
          <select id="f-hv" value={query.get('hypervisor') ?? ''} onChange={select('hypervisor')}>
            <option value="">Any</option>
            {dists.data?.hypervisor
              .filter((d) => d.value !== null)
              .map((d) => (
                <option key={String(d.value)} value={String(d.value)}>
                  {String(d.value)}
                </option>
              ))}
            {query.get('hypervisor') && !dists.data?.hypervisor.some((d) => d.value === query.get('hypervisor')) && (
              <option value={query.get('hypervisor') ?? ''}>{query.get('hypervisor')}</option>
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-stale">Reporting</label>
          <select id="f-stale" value={query.get('stale') ?? ''} onChange={select('stale')}>
            <option value="">All hosts</option>
            <option value="true">Stale only</option>
            <option value="false">Reporting only</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sort">Sort</label>
          <select id="f-sort" value={sort} onChange={select('sort')}>
            <option value="hostname">Hostname A→Z</option>
            <option value="-hostname">Hostname Z→A</option>
            <option value="-critical">Most critical first</option>
            <option value="-warning">Most warnings first</option>
            <option value="-lastSeenAt">Most recently seen</option>
            <option value="lastSeenAt">Least recently seen</option>
            <option value="-memTotalBytes">Most memory first</option>
            <option value="memTotalBytes">Least memory first</option>
            <option value="-cpuOnlineCount">Most CPUs first</option>
            <option value="cpuOnlineCount">Fewest CPUs first</option>
            {['critical', 'warning'].includes(sort) && <option value={sort}>Fewest {sort} first</option>}
          </select>
        </div>
        <div className="field actions">
          <button type="submit">Apply</button>
          {filtered && (
            <button type="button" onClick={() => navigate(sort !== 'hostname' ? `/hosts?sort=${sort}` : '/hosts')}>
              Clear filters
            </button>
          )}
        </div>
      </form>
      <FactFilterChips query={query} />

      {qProblem ? (
        <Empty title="The search has a malformed term">
          <p>Fix it in the search box above to see hosts.</p>
        </Empty>
      ) : hosts.error ? (
        <ErrorBox error={hosts.error} onRetry={hosts.reload} />
      ) : !hosts.data ? (
        <Loading what="Loading hosts" />
      ) : hosts.data.total === 0 && !filtered ? (
        <EnrollHint />
      ) : (
        <>
          <p className="result-line" aria-live="polite">
            <strong data-testid="hosts-total">{hosts.data.total.toLocaleString('en-US')}</strong> {hosts.data.total === 1 ? 'host matches' : 'hosts match'}
            {filtered ? ' these filters' : ''}
            {hosts.data.total > 0 && ` · page ${pageNo} of ${Math.max(1, Math.ceil(hosts.data.total / pageSize))}`}
            {hosts.loading && <span className="muted"> · refreshing…</span>}
          </p>
          {hosts.data.items.length === 0 ? (
            <Empty title="No host matches these filters">
              <p>Loosen a filter, or clear them all.</p>
            </Empty>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table className="data hosts">
                <thead>
                  <tr>
                    <SortHeader label="Hostname" field="hostname" sort={sort} query={query} />
                    <th scope="col">Labels</th>
                    <SortHeader label="Critical" field="critical" sort={sort} query={query} />
                    <SortHeader label="Warning" field="warning" sort={sort} query={query} />
                    <th scope="col" className="num">
                      Info
                    </th>
                    <th scope="col">Hypervisor</th>
                    <th scope="col">THP</th>
                    <th scope="col">Overcommit</th>
                    <SortHeader label="CPUs" field="cpuOnlineCount" sort={sort} query={query} />
                    <SortHeader label="Memory" field="memTotalBytes" sort={sort} query={query} />
                    <SortHeader label="Last report" field="lastSeenAt" sort={sort} query={query} />
                  </tr>
                </thead>
                <tbody>
                  {hosts.data.items.map((h) => (
                    <tr key={h.id} className={h.stale ? 'is-stale' : undefined}>
                      <td>
                        <Link to={`/hosts/${h.id}`}>{h.hostname}</Link> <StaleBadge stale={h.stale} />
                        {h.retiredAt && <span className="badge">retired</span>}
                      </td>
                      <td>
                        <Labels labels={h.labels} />
                      </td>
                      <td className="num">
                        <SeverityCount severity="critical" count={h.findingCounts.critical} />
                      </td>
                      <td className="num">
                        <SeverityCount severity="warning" count={h.findingCounts.warning} />
                      </td>
                      <td className="num">
                        <SeverityCount severity="info" count={h.findingCounts.info} />
                      </td>
                      <td className={h.hypervisor === null ? 'unknown' : undefined}>{text(h.hypervisor)}</td>
                      <td className={h.thpEnabled === null ? 'unknown' : undefined}>{text(h.thpEnabled)}</td>
                      <td className={h.overcommitMemory === null ? 'unknown' : undefined}>{overcommit(h.overcommitMemory)}</td>
                      <td className={`num${h.cpuOnlineCount === null ? ' unknown' : ''}`}>{num(h.cpuOnlineCount)}</td>
                      <td className={`num${h.memTotalBytes === null ? ' unknown' : ''}`}>{bytes(h.memTotalBytes)}</td>
                      <td title={dateTime(h.lastSeenAt)} className={h.stale ? 'stale-text' : undefined}>
                        {ago(h.lastSeenAt)}
                        {h.stale && <div className="small">expected every {seconds(h.intervalSeconds)}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={cursors.length <= 1} onClick={() => setStack({ search, cursors: cursors.slice(0, -1) })}>
              ← Previous
            </button>
            <span className="muted">Page {pageNo}</span>
            <label htmlFor="f-limit" className="muted" style={{ fontWeight: 400, margin: 0 }}>
              Per page
            </label>
            <select id="f-limit" value={pageSize} onChange={select('limit')}>
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <button type="button" disabled={!hosts.data.nextCursor} onClick={() => setStack({ search, cursors: [...cursors, hosts.data?.nextCursor ?? null] })}>
              Next →
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
