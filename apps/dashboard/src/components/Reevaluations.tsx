import { useEffect } from 'react';
import type { Reevaluation } from '../api/types';
import { dateTime } from '../format';
import { useApi, useInterval } from '../hooks';
import { ErrorBox, Loading } from './States';

export function ReevaluationProgress({ run }: { run: Reevaluation }) {
  const finished = run.finishedAt !== null;
  const pct = run.total ? Math.round(((run.done + run.failed) / run.total) * 100) : 100;
  return (
    <div className="reeval" aria-label={`Re-evaluation ${run.id}`}>
      <div className="row">
        <progress className="progress" max={Math.max(1, run.total)} value={run.done + run.failed} aria-label="Re-evaluation progress" />
        <span>
          {run.done + run.failed} / {run.total} hosts ({pct}%)
          {run.failed > 0 && <strong className="sev-text-critical"> · {run.failed} failed</strong>}
          {finished ? <span className="ok-text"> · finished {dateTime(run.finishedAt)}</span> : <span className="muted"> · running…</span>}
        </span>
      </div>
      <div className="small">
        <span className="reeval-reason">{run.reason}</span> <span className="muted">· started {dateTime(run.createdAt)}</span>
      </div>
    </div>
  );
}

/** One re-evaluation, polled every second until it finishes. */
export function WatchReevaluation({ id, onFinished }: { id: string; onFinished?: () => void }) {
  const run = useApi<Reevaluation>(`/reevaluations/${id}`);
  const running = !run.data || run.data.finishedAt === null;
  useInterval(run.reload, 1000, running && !run.error);
  const finished = run.data?.finishedAt ?? null;
  if (run.error) return <ErrorBox error={run.error} onRetry={run.reload} />;
  if (!run.data) return <Loading what="Starting the re-evaluation" />;
  return (
    <>
      <ReevaluationProgress run={run.data} />
      {finished && onFinished && <FinishedOnce key={id} onFinished={onFinished} />}
    </>
  );
}

function FinishedOnce({ onFinished }: { onFinished: () => void }) {
  useEffect(() => onFinished(), [onFinished]);
  return null;
}

export function RecentReevaluations() {
  const list = useApi<Reevaluation[]>('/reevaluations');
  const running = (list.data ?? []).some((r) => r.finishedAt === null);
  useInterval(list.reload, 2000, running);
  if (list.error) return <ErrorBox error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  if (list.data.length === 0)
    return <p className="muted small">No re-evaluation has run yet. One starts whenever an admin saves thresholds or the rule catalogue changes.</p>;
  return (
    <div className="reeval-list">
      {list.data.slice(0, 5).map((r) => (
        <ReevaluationProgress key={r.id} run={r} />
      ))}
    </div>
  );
}
