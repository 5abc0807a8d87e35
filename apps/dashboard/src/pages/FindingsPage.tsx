import { useEffect, useState, type ChangeEvent } from 'react';
import { describeError, qs } from '../api/client';
import { downloadExport } from '../api/download';
import type { Finding, Page, RuleList } from '../api/types';
import { Pager, useCursors } from '../components/Pager';
import { OutcomeBadge, SeverityBadge } from '../components/Severity';
import { Empty, ErrorBox, Loading } from '../components/States';
import { isMissingEndpoint } from '../components/Unavailable';
import { ago, dateTime, plural } from '../format';
import { RuleField, SeverityField } from '../components/FilterFields';
import { useApi } from '../hooks';
import { SilenceNote } from '../components/SilenceNote';
import { Link, navigate, useLocation } from '../router';
import { splitLabels, withQuery } from '../url';

const PAGE_SIZES = [10, 25, 50, 100, 200];
/** The filters GET /api/v1/findings and its export share. */
const FILTERS = ['severity', 'rule', 'outcome', 'silenced', 'label', 'sort'] as const;
const SORTS = [
  { value: '-lastSeenAt', label: 'Most recently seen' },
  { value: 'lastSeenAt', label: 'Least recently seen' },
  { value: 'severity', label: 'Most severe first' },
  { value: '-openedAt', label: 'Most recently opened' },
];
type Group = 'none' | 'rule' | 'host';

function filterParams(query: URLSearchParams): Record<string, string | string[] | null> {
  return {
    severity: query.get('severity'),
    rule: query.get('rule'),
    outcome: query.get('outcome'),
    silenced: query.get('silenced'),
    label: query.getAll('label'),
    sort: query.get('sort'),
  };
}

function groupOf(f: Finding, group: Group): { key: string; title: string; href: string } {
  return group === 'host' ? { key: f.hostId, title: f.hostname, href: `/hosts/${f.hostId}` } : { key: f.ruleId, title: f.ruleId, href: `/rules/${f.ruleId}` };
}

/** Groups keep the order in which their first finding arrived (the page's sort). */
function grouped(items: Finding[], group: Group) {
  const groups = new Map<string, { title: string; href: string; items: Finding[] }>();
  for (const f of items) {
    const g = groupOf(f, group);
    const entry = groups.get(g.key) ?? { title: g.title, href: g.href, items: [] };
    entry.items.push(f);
    groups.set(g.key, entry);
  }
  return [...groups.entries()];
}

function FindingRow({ f, group }: { f: Finding; group: Group }) {
  return (
    <tr className={f.silenced ? 'is-silenced' : undefined} data-finding={f.id}>
      <td className="sev-cell inline">
        <SeverityBadge severity={f.severity} />
        {f.outcome !== 'hit' && (
          <>
            {' '}
            <OutcomeBadge outcome={f.outcome} />
          </>
        )}
        {f.silenced && <span className="badge silenced">silenced</span>}
      </td>
      {group !== 'rule' && (
        <td className="rule-cell inline">
          <Link to={`/rules/${f.ruleId}`} className="mono">
            {f.ruleId}
          </Link>
        </td>
      )}
      {group !== 'host' && (
        <td className="host-cell">
          <Link to={`/hosts/${f.hostId}`}>{f.hostname}</Link>
        </td>
      )}
      <td className="subject-cell">{f.subject ? <span className="mono small">{f.subject}</span> : <span className="muted">host</span>}</td>
      <td className="summary-cell">
        {f.summary}
        <SilenceNote finding={f} compact />
      </td>
      <td className="when inline" data-label="opened" title={dateTime(f.openedAt ?? f.firstSeenAt)}>
        {ago(f.openedAt ?? f.firstSeenAt)}
      </td>
      <td className="when inline" data-label="last seen" title={dateTime(f.lastSeenAt)}>
        {ago(f.lastSeenAt)}
      </td>
    </tr>
  );
}

function FindingsTable({ items, group }: { items: Finding[]; group: Group }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="data findings cards">
        <thead>
          <tr>
            <th scope="col">Severity</th>
            {group !== 'rule' && <th scope="col">Rule</th>}
            {group !== 'host' && <th scope="col">Host</th>}
            <th scope="col">Subject</th>
            <th scope="col">Summary</th>
            <th scope="col">Opened</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <FindingRow key={f.id} f={f} group={group} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ExportButton({ query }: { query: URLSearchParams }) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; failed: boolean }>({ busy: false, message: null, failed: false });
  const path = `/findings/export${qs({ format: 'csv', ...filterParams(query) })}`;
  return (
    <span className="export">
      <a
        className="button"
        href={`/api/v1${path}`}
        data-testid="findings-export"
        aria-disabled={state.busy}
        onClick={(e) => {
          e.preventDefault();
          if (state.busy) return;
          setState({ busy: true, message: null, failed: false });
          downloadExport(path, 'findings.csv').then(
            (name) => setState({ busy: false, message: `Downloaded ${name}.`, failed: false }),
            (err: unknown) =>
              setState({ busy: false, failed: true, message: isMissingEndpoint(err) ? 'Export is not available on this server.' : describeError(err) }),
          );
        }}
      >
        {state.busy ? 'Exporting…' : 'Export CSV'}
      </a>
      {state.message && (
        <span role={state.failed ? 'alert' : 'status'} className={state.failed ? 'sev-text-critical small' : 'muted small'}>
          {state.message}
        </span>
      )}
    </span>
  );
}

export function FindingsPage() {
  const { query, search } = useLocation();
  const group: Group = query.get('group') === 'rule' || query.get('group') === 'host' ? (query.get('group') as Group) : 'none';
  const pageSize = PAGE_SIZES.includes(Number(query.get('limit'))) ? Number(query.get('limit')) : 50;
  const [label, setLabel] = useState(query.getAll('label').join(' '));
  // Grouping is a view of the loaded page: it does not refetch or reset the cursor.
  const dataSearch = withQuery('', query, { group: null });
  const pages = useCursors(dataSearch);

  useEffect(() => setLabel(query.getAll('label').join(' ')), [search]);

  const findings = useApi<Page<Finding>>(`/findings${qs({ ...filterParams(query), limit: pageSize, cursor: pages.cursor })}`);
  const rules = useApi<RuleList>('/rules');
  // How many of the matches are silenced, when the list shows both (only the total is read).
  const bothShown = query.get('silenced') === null;
  const silencedCount = useApi<Page<Finding>>(bothShown ? `/findings${qs({ ...filterParams(query), silenced: 'true', limit: 1 })}` : null);
  const filtered = FILTERS.some((f) => f !== 'sort' && query.getAll(f).length > 0);
  const go = (changes: Record<string, string | string[] | null>) => navigate(withQuery('/findings', query, changes));
  const select = (key: string) => (e: ChangeEvent<HTMLSelectElement>) => go({ [key]: e.target.value });
  const outcome = query.get('outcome') ?? 'hit';

  return (
    <section>
      <div className="page-head">
        <h1>Findings</h1>
        <ExportButton query={query} />
      </div>
      <form
        className="filters"
        role="search"
        aria-label="Filter findings"
        onSubmit={(e) => {
          e.preventDefault();
          go({ label: splitLabels(label) });
        }}
      >
        <SeverityField value={query.get('severity') ?? ''} onChange={select('severity')} />
        <RuleField value={query.get('rule') ?? ''} rules={rules.data} onChange={select('rule')} />
        <div className="field">
          <label htmlFor="f-outcome">Outcome</label>
          <select id="f-outcome" value={outcome} onChange={(e) => go({ outcome: e.target.value === 'hit' ? null : e.target.value })}>
            <option value="hit">hit</option>
            <option value="not-evaluated">not evaluated</option>
            <option value="pass">pass</option>
            <option value="not-applicable">not applicable</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-silenced">Silenced</label>
          <select id="f-silenced" value={query.get('silenced') ?? ''} onChange={select('silenced')}>
            <option value="">Both</option>
            <option value="false">Unsilenced only</option>
            <option value="true">Silenced only</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-label">Labels (key=value)</label>
          <input
            id="f-label"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            onBlur={() => label !== query.getAll('label').join(' ') && go({ label: splitLabels(label) })}
            placeholder="team=edge env=prod"
          />
        </div>
        <div className="field">
          <label htmlFor="f-sort">Sort</label>
          <select
            id="f-sort"
            value={query.get('sort') ?? '-lastSeenAt'}
            onChange={(e) => go({ sort: e.target.value === '-lastSeenAt' ? null : e.target.value })}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-group">Group this page by</label>
          <select id="f-group" value={group} onChange={(e) => go({ group: e.target.value === 'none' ? null : e.target.value })}>
            <option value="none">No grouping</option>
            <option value="rule">Rule</option>
            <option value="host">Host</option>
          </select>
        </div>
        <div className="field actions">
          <button type="submit">Apply</button>
          {filtered && (
            <button
              type="button"
              onClick={() => navigate(withQuery('/findings', new URLSearchParams(), { sort: query.get('sort'), group: query.get('group') }))}
            >
              Clear filters
            </button>
          )}
        </div>
      </form>

      {findings.error ? (
        <ErrorBox error={findings.error} onRetry={findings.reload} />
      ) : !findings.data ? (
        <Loading what="Loading findings" />
      ) : (
        <>
          <p className="result-line" aria-live="polite">
            <strong data-testid="findings-total">{findings.data.total.toLocaleString('en-US')}</strong>{' '}
            {findings.data.total === 1 ? 'finding matches' : 'findings match'}
            {filtered ? ' these filters' : ''}
            {bothShown && silencedCount.data && silencedCount.data.total > 0 && (
              <span data-testid="findings-silenced"> ({silencedCount.data.total.toLocaleString('en-US')} of them silenced)</span>
            )}
            {findings.data.total > 0 && ` · page ${pages.pageNo} of ${Math.max(1, Math.ceil(findings.data.total / pageSize))}`}
            {group !== 'none' && <span className="muted"> · grouped by {group} within this page</span>}
            {findings.loading && <span className="muted"> · loading…</span>}
          </p>
          {findings.data.items.length === 0 ? (
            <Empty title={filtered ? 'No finding matches these filters' : 'No findings'}>
              <p>{filtered ? 'Loosen a filter, or clear them all.' : 'No host has a hit right now.'}</p>
            </Empty>
          ) : group === 'none' ? (
            <FindingsTable items={findings.data.items} group={group} />
          ) : (
            grouped(findings.data.items, group).map(([key, g]) => (
              <section key={key} className="finding-group" data-group={key}>
                <h2>
                  <Link to={g.href} className={group === 'rule' ? 'mono' : undefined}>
                    {g.title}
                  </Link>{' '}
                  <span className="muted small">{plural(g.items.length, 'finding')} on this page</span>
                </h2>
                <FindingsTable items={g.items} group={group} />
              </section>
            ))
          )}
          <div className="pager-row">
            <Pager pageNo={pages.pageNo} onPrevious={pages.previous} onNext={pages.next(findings.data.nextCursor)} />
            <label htmlFor="f-limit" className="muted inline-label">
              Per page{' '}
              <select id="f-limit" value={pageSize} onChange={select('limit')}>
                {PAGE_SIZES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </>
      )}
    </section>
  );
}
