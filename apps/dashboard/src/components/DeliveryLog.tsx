import { useState } from 'react';
import { qs } from '../api/client';
import { DELIVERY_STATUSES, type Delivery } from '../api/output-types';
import type { Page } from '../api/types';
import { ago, dateTime } from '../format';
import { useApi, useInterval } from '../hooks';
import { Pager, useCursors } from './Pager';
import { Loading } from './States';
import { ListError } from './Unavailable';

const PAGE_SIZE = 20;

/** The deliveries to one destination, newest first; polled while any is still pending or retrying. */
export function DeliveryLog({ destinationId }: { destinationId: string }) {
  const [status, setStatus] = useState('');
  const pages = useCursors(status);
  const log = useApi<Page<Delivery>>(`/destinations/${destinationId}/deliveries${qs({ limit: PAGE_SIZE, cursor: pages.cursor, status })}`);
  const open = (log.data?.items ?? []).some((d) => d.status === 'pending' || d.status === 'retrying');
  useInterval(log.reload, 2000, open && !log.error);

  return (
    <div className="delivery-log" aria-label="Delivery log">
      <div className="row">
        <h4>Delivery log</h4>
        <label htmlFor={`dl-status-${destinationId}`} className="inline-label muted">
          Status{' '}
          <select id={`dl-status-${destinationId}`} value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">any</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {log.error ? (
        <ListError error={log.error} what="The delivery log is" onRetry={log.reload} />
      ) : !log.data ? (
        <Loading what="Loading deliveries" />
      ) : log.data.items.length === 0 ? (
        <p className="muted small">{status ? `No ${status} delivery.` : 'Nothing has been sent to this destination yet.'}</p>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0}>
            <table className="data deliveries cards">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Response</th>
                  <th scope="col">What</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((d) => (
                  <tr key={d.id} data-delivery={d.status}>
                    <td className="inline" title={dateTime(d.createdAt)}>
                      {ago(d.createdAt)}
                    </td>
                    <td className="inline">{d.kind}</td>
                    <td className="inline">
                      <span className={`badge delivery-${d.status}`} title={d.deliveredAt ? `delivered ${dateTime(d.deliveredAt)}` : undefined}>
                        {d.status}
                      </span>
                    </td>
                    <td className="num inline" data-label="attempts">
                      {d.attempts}
                    </td>
                    <td className="inline" data-label="response">
                      {d.responseStatus ?? '—'}
                    </td>
                    <td>{d.summary}</td>
                    <td className={`break small last-error${d.lastError ? '' : ' empty-cell'}`}>{d.lastError ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager pageNo={pages.pageNo} onPrevious={pages.previous} onNext={pages.next(log.data.nextCursor)} />
        </>
      )}
    </div>
  );
}
