import type { ChangeEvent } from 'react';
import { RUNTIME_KINDS } from '@memfleet/contracts/report/runtime-kinds';
import { qs } from '../api/client';
import type { RuntimeInventoryPage } from '../api/types';
import { Pager, useCursors } from '../components/Pager';
import { Empty, ErrorBox, Loading } from '../components/States';
import { useApi } from '../hooks';
import { Link, navigate, useLocation } from '../router';

const SORTS = ['-hosts', 'hosts', 'kind', '-kind'];

/** The URL with one parameter changed, the rest kept so a view can be shared. */
function withParam(query: URLSearchParams, key: 'kind' | 'sort', value: string): string {
  const next = new URLSearchParams(query);
  if (value) next.set(key, value);
  else next.delete(key);
  const s = next.toString();
  return `/inventory${s ? `?${s}` : ''}`;
}

function SortHeader({ label, field, sort, query, num }: { label: string; field: string; sort: string; query: URLSearchParams; num?: boolean }) {
  const asc = sort === field;
  const desc = sort === `-${field}`;
  const next = asc ? `-${field}` : desc ? field : field === 'hosts' ? '-hosts' : field;
  return (
    <th scope="col" aria-sort={asc ? 'ascending' : desc ? 'descending' : 'none'} className={num ? 'num' : undefined}>
      <button type="button" className="sort" onClick={() => navigate(withParam(query, 'sort', next))}>
        {label} <span aria-hidden="true">{asc ? '▲' : desc ? '▼' : '↕'}</span>
      </button>
    </th>
  );
}

/** Runtimes across the fleet by kind and version, each with the hosts running it (from each host's latest report). */
export function InventoryPage() {
  const { query, search } = useLocation();
  const sort = SORTS.includes(query.get('sort') ?? '') ? (query.get('sort') as string) : '-hosts';
  const kind = query.get('kind') ?? '';
  const pages = useCursors(search);
  const inventory = useApi<RuntimeInventoryPage>(`/inventory/runtimes${qs({ kind, sort, limit: 50, cursor: pages.cursor })}`);
  const select = (key: 'kind' | 'sort') => (e: ChangeEvent<HTMLSelectElement>) => navigate(withParam(query, key, e.target.value));

  return (
    <section>
      <h1>Inventory</h1>
      <p className="muted">Runtimes in the latest report of every active host, by kind and version. A row opens the hosts running it.</p>
      <form className="filters" aria-label="Filter runtimes" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="f-kind">Runtime</label>
          <select id="f-kind" value={kind} onChange={select('kind')}>
            <option value="">Every kind</option>
            {RUNTIME_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
      </form>
      {inventory.error ? (
        <ErrorBox error={inventory.error} onRetry={inventory.reload} />
      ) : !inventory.data ? (
        <Loading what="Loading the inventory" />
      ) : inventory.data.total === 0 ? (
        <Empty title={kind ? `No host runs ${kind}` : 'No runtimes reported yet'}>
          <p>Runtimes appear here once agents report processes they recognise.</p>
        </Empty>
      ) : (
        <>
          <p className="result-line" aria-live="polite">
            <strong data-testid="inventory-total">{inventory.data.total.toLocaleString('en-US')}</strong> runtime versions
            {inventory.loading && <span className="muted"> · refreshing…</span>}
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table className="data inventory">
              <thead>
                <tr>
                  <SortHeader label="Runtime" field="kind" sort={sort} query={query} />
                  <th scope="col">Version</th>
                  <SortHeader label="Hosts" field="hosts" sort={sort} query={query} num />
                  <th scope="col" className="num">
                    Processes
                  </th>
                  <th scope="col">
                    <span className="sr-only">Hosts list</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {inventory.data.items.map((r) => (
                  <tr key={`${r.kind} ${r.version}`}>
                    <td>{r.kind}</td>
                    <td className={r.version === null ? 'unknown' : undefined}>{r.version ?? 'unknown'}</td>
                    <td className="num">{r.hosts.toLocaleString('en-US')}</td>
                    <td className="num">{r.processes.toLocaleString('en-US')}</td>
                    <td>
                      <Link to={`/hosts${qs({ q: r.hostsQuery })}`} aria-label={`Hosts running ${r.kind} ${r.version ?? '(version unknown)'}`}>
                        View hosts
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            pageNo={pages.pageNo}
            pages={Math.max(1, Math.ceil(inventory.data.total / 50))}
            onPrevious={pages.previous}
            onNext={pages.next(inventory.data.nextCursor)}
          />
        </>
      )}
    </section>
  );
}
