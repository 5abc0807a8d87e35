import { qs } from '../api/client';
import type { AuditItem } from '../api/output-types';
import type { Page } from '../api/types';
import { AuditSchedules } from '../components/AuditSchedules';
import { AuditProgress, AuditStatusBadge, AuditTotalsCells } from '../components/AuditStatus';
import { Pager, useCursors } from '../components/Pager';
import { RunAudit } from '../components/RunAudit';
import { Empty, Loading } from '../components/States';
import { ListError, isMissingEndpoint } from '../components/Unavailable';
import { ago, dateTime } from '../format';
import { useApi, useInterval } from '../hooks';
import { Link, useLocation } from '../router';
import { useCan } from '../session';
import { scopeText } from '../url';

const PAGE_SIZE = 25;

function AuditRow({ a }: { a: AuditItem }) {
  return (
    <tr data-audit={a.id}>
      <td>
        <Link to={`/audits/${a.id}`}>{dateTime(a.createdAt)}</Link>
        <div className="muted small">{ago(a.createdAt)}</div>
      </td>
      <td>
        <AuditStatusBadge status={a.status} />
        <AuditProgress audit={a} />
        {a.status === 'failed' && a.error && <div className="sev-text-critical small">{a.error}</div>}
      </td>
      <td className="inline">{a.trigger === 'schedule' ? 'schedule' : 'manual'}</td>
      <td className="inline" data-label="by">
        {a.requestedBy}
      </td>
      <td className="inline" data-label="scope">
        {scopeText(a.scope)}
      </td>
      <AuditTotalsCells totals={a.totals} />
    </tr>
  );
}

export function AuditsPage() {
  const { search } = useLocation();
  const canRun = useCan('operator');
  const isAdmin = useCan('admin');
  const pages = useCursors(search);
  const list = useApi<Page<AuditItem>>(`/audits${qs({ limit: PAGE_SIZE, cursor: pages.cursor })}`);
  const active = (list.data?.items ?? []).some((a) => a.status === 'queued' || a.status === 'running');
  useInterval(list.reload, 2000, active && !list.error);
  const missing = isMissingEndpoint(list.error);

  return (
    <section>
      <h1>Audits</h1>
      <p className="muted lede">
        A fleet audit is a stored snapshot: fleet size, findings by rule, what changed since the previous audit, the remediations that fix the most hosts, and
        time to fix. Each can be downloaded as JSON, CSV, HTML or PDF.
      </p>
      {canRun && !missing && <RunAudit onStarted={list.reload} />}
      {list.error ? (
        <ListError error={list.error} what="Fleet audits are" onRetry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading audits" />
      ) : list.data.items.length === 0 && pages.pageNo === 1 ? (
        <Empty title="No audit has run yet">
          <p>
            {canRun ? 'Run one now, ' : 'An operator can run one, '}
            {isAdmin ? 'or add a schedule below.' : 'or an admin can schedule them.'}
          </p>
        </Empty>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0}>
            <table className="data audits cards">
              <thead>
                <tr>
                  <th scope="col">Requested</th>
                  <th scope="col">Status</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">By</th>
                  <th scope="col">Scope</th>
                  <th scope="col" className="num">
                    Critical
                  </th>
                  <th scope="col" className="num">
                    Warning
                  </th>
                  <th scope="col" className="num">
                    Silenced
                  </th>
                  <th scope="col" className="num">
                    Hosts
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((a) => (
                  <AuditRow key={a.id} a={a} />
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
      {isAdmin && <AuditSchedules />}
    </section>
  );
}
