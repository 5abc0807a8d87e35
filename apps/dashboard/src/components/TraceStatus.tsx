import type { TraceItem } from '../api/output-types';

/** A trace's status, with the analysis's progress while it runs and the error once it failed. */
export function TraceStatus({ trace: t }: { trace: TraceItem }) {
  return (
    <>
      <span className={`badge trace-status status-${t.status}`}>{t.status}</span>
      {t.status === 'running' && (
        <progress max={1} value={t.progress} aria-label="Analysis progress">
          {Math.round(t.progress * 100)}%
        </progress>
      )}
      {t.status === 'failed' && t.error && <div className="sev-text-critical small">{t.error}</div>}
    </>
  );
}
