import type { AuditItem, AuditTotals } from '../api/output-types';
import { SeverityCount } from './Severity';

export function AuditStatusBadge({ status }: { status: AuditItem['status'] }) {
  return <span className={`badge audit-${status}`}>{status}</span>;
}

/** While queued or running: the step and how far it got; afterwards nothing. */
export function AuditProgress({ audit }: { audit: AuditItem }) {
  if (audit.status !== 'queued' && audit.status !== 'running') return null;
  const { step, done, total } = audit.progress;
  return (
    <div className="audit-progress">
      <progress className="progress" max={Math.max(1, total)} value={audit.status === 'queued' ? undefined : done} aria-label={`Audit progress: ${step}`} />
      <span className="muted small">{audit.status === 'queued' ? 'waiting for a worker' : `${step}${total ? ` · ${done} / ${total}` : ''}`}</span>
    </div>
  );
}

export function AuditTotalsCells({ totals }: { totals: AuditTotals | null }) {
  if (!totals)
    return (
      <td colSpan={4} className="muted empty-cell">
        —
      </td>
    );
  return (
    <>
      <td className="num inline" data-label="critical">
        <SeverityCount severity="critical" count={totals.critical} />
      </td>
      <td className="num inline" data-label="warning">
        <SeverityCount severity="warning" count={totals.warning} />
      </td>
      <td className="num inline" data-label="silenced">
        <span className={totals.silenced ? 'count' : 'count zero'}>{totals.silenced}</span>
      </td>
      <td className="num inline" data-label="hosts">
        {totals.hosts.toLocaleString('en-US')}
      </td>
    </>
  );
}
