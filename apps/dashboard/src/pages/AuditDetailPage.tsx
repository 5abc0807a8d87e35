import type { AuditDetail } from '../api/output-types';
import { AuditSummaryView } from '../components/AuditSummaryView';
import { AuditProgress, AuditStatusBadge } from '../components/AuditStatus';
import { AuditDownloads } from '../components/DownloadButtons';
import { ErrorBox, Loading } from '../components/States';
import { NotAvailable, isMissingEndpoint } from '../components/Unavailable';
import { dateTime } from '../format';
import { useApi, useInterval } from '../hooks';
import { Link } from '../router';
import { scopeText } from '../url';

export function AuditDetailPage({ id }: { id: string }) {
  const audit = useApi<AuditDetail>(`/audits/${encodeURIComponent(id)}`);
  const a = audit.data;
  const active = !!a && (a.status === 'queued' || a.status === 'running');
  useInterval(audit.reload, 1500, active && !audit.error);

  return (
    <section>
      <p className="crumbs">
        <Link to="/audits">← Audits</Link>
      </p>
      {audit.error ? (
        isMissingEndpoint(audit.error) ? (
          <NotAvailable what="Fleet audits are" />
        ) : (
          <ErrorBox error={audit.error} onRetry={audit.reload} />
        )
      ) : !a ? (
        <Loading what="Loading the audit" />
      ) : (
        <>
          <div className="host-head">
            <h1>Audit of {dateTime(a.summary?.generatedAt ?? a.createdAt)}</h1>
            <AuditStatusBadge status={a.status} />
          </div>
          <div className="meta">
            <span>Scope: {scopeText(a.scope)}</span>
            <span>
              {a.trigger === 'schedule' ? 'Scheduled' : 'Run'} by {a.requestedBy}
            </span>
            <span>Requested {dateTime(a.createdAt)}</span>
            {a.finishedAt && <span>Finished {dateTime(a.finishedAt)}</span>}
          </div>
          <AuditProgress audit={a} />
          {a.status === 'failed' && (
            <div className="error-box" role="alert">
              <strong>The audit failed: </strong>
              {a.error ?? 'no reason was recorded.'}
            </div>
          )}
          {a.status === 'done' && <AuditDownloads id={a.id} />}
          {a.summary ? <AuditSummaryView summary={a.summary} /> : a.status === 'done' && <p className="muted">This audit has no stored summary.</p>}
        </>
      )}
    </section>
  );
}
