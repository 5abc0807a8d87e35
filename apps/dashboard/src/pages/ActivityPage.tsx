import { useEffect, useState } from 'react';
import { qs } from '../api/client';
import { ACTIVITY_ACTIONS, type ActivityEntry } from '../api/output-types';
import type { Page } from '../api/types';
import { Pager, useCursors } from '../components/Pager';
import { Empty, Loading } from '../components/States';
import { ListError } from '../components/Unavailable';
import { ago, dateTime } from '../format';
import { useApi } from '../hooks';
import { navigate, useLocation } from '../router';
import { useCan } from '../session';
import { withQuery } from '../url';

const PAGE_SIZE = 50;

/** `{ old, new }` and other small detail objects as one readable line. */
function detailsText(details: Record<string, unknown>): string {
  const entries = Object.entries(details ?? {});
  if (!entries.length) return '';
  return entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ');
}

export function ActivityPage() {
  const isAdmin = useCan('admin');
  const { query, search } = useLocation();
  const [actor, setActor] = useState(query.get('actor') ?? '');
  const pages = useCursors(search);
  const log = useApi<Page<ActivityEntry>>(
    isAdmin ? `/activity${qs({ limit: PAGE_SIZE, cursor: pages.cursor, action: query.get('action'), actor: query.get('actor') })}` : null,
  );
  useEffect(() => setActor(query.get('actor') ?? ''), [search]);
  const go = (changes: Record<string, string | null>) => navigate(withQuery('/activity', query, changes));
  const filtered = !!(query.get('action') || query.get('actor'));

  if (!isAdmin)
    return (
      <section>
        <h1>Activity</h1>
        <Empty title="The activity log is for admins" />
      </section>
    );
  return (
    <section>
      <h1>Activity</h1>
      <form
        className="filters"
        role="search"
        aria-label="Filter activity"
        onSubmit={(e) => {
          e.preventDefault();
          go({ actor: actor.trim() });
        }}
      >
        <div className="field">
          <label htmlFor="a-action">Action</label>
          <select id="a-action" value={query.get('action') ?? ''} onChange={(e) => go({ action: e.target.value })}>
            <option value="">Any action</option>
            {ACTIVITY_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
            {query.get('action') && !(ACTIVITY_ACTIONS as readonly string[]).includes(query.get('action') ?? '') && (
              <option value={query.get('action') ?? ''}>{query.get('action')}</option>
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-actor">Actor</label>
          <input
            id="a-actor"
            value={actor}
            onChange={(e) => setActor(e.target.value)}
            onBlur={() => actor.trim() !== (query.get('actor') ?? '') && go({ actor: actor.trim() })}
            placeholder="token name"
          />
        </div>
        <div className="field actions">
          <button type="submit">Apply</button>
          {filtered && (
            <button type="button" onClick={() => navigate('/activity')}>
              Clear filters
            </button>
          )}
        </div>
      </form>
      {log.error ? (
        <ListError error={log.error} what="The activity log is" onRetry={log.reload} />
      ) : !log.data ? (
        <Loading what="Loading activity" />
      ) : log.data.items.length === 0 ? (
        <Empty title={filtered ? 'Nothing matches these filters' : 'No admin action has been recorded yet'} />
      ) : (
        <>
          <p className="result-line">
            <strong data-testid="activity-total">{log.data.total.toLocaleString('en-US')}</strong> {log.data.total === 1 ? 'entry' : 'entries'}, newest first
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table className="data activity cards">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((e) => (
                  <tr key={e.id} data-action={e.action}>
                    <td className="inline" title={ago(e.at)}>
                      {dateTime(e.at)}
                    </td>
                    <td className="inline">
                      {e.actor}
                      {e.actorRole && <span className="muted small"> ({e.actorRole})</span>}
                    </td>
                    <td className="inline">
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.targetType}
                      {e.targetId && <div className="mono small muted break">{e.targetId}</div>}
                    </td>
                    <td className={`small break${Object.keys(e.details ?? {}).length ? '' : ' empty-cell'}`}>{detailsText(e.details)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            pageNo={pages.pageNo}
            pages={Math.max(1, Math.ceil(log.data.total / PAGE_SIZE))}
            onPrevious={pages.previous}
            onNext={pages.next(log.data.nextCursor)}
          />
        </>
      )}
    </section>
  );
}
