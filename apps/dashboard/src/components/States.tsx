import type { ReactNode } from 'react';
import { describeError, requestIdOf } from '../api/client';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {what}…
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const rid = requestIdOf(error);
  return (
    <div className="error-box" role="alert">
      <strong>Something went wrong: </strong>
      {describeError(error)}
      {rid && <div className="muted small">Request id {rid} (quote it when asking for help).</div>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A fetched list in its states: the error (with a retry), loading, empty, or its items. */
export function FetchedList<T>({
  fetched,
  loading,
  empty,
  children,
}: {
  fetched: { data: T[] | null; error: unknown; reload: () => void };
  loading: string;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  if (fetched.error) return <ErrorBox error={fetched.error} onRetry={fetched.reload} />;
  if (!fetched.data) return <Loading what={loading} />;
  if (fetched.data.length === 0) return <Empty title={empty} />;
  return <>{children(fetched.data)}</>;
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** Shown wherever there are no hosts yet: how to get the first one reporting. */
export function EnrollHint() {
  const origin = window.location.origin;
  return (
    <Empty title="No hosts are reporting yet">
      <p>Install the agent on a host, then enroll it and start reporting:</p>
      <pre className="cmd">{`memfleet-agent enroll --server ${origin} --enroll-secret <secret>\nmemfleet-agent run --interval 5m`}</pre>
      <p className="muted">
        The enroll secret is the server&apos;s <code>MEMFLEET_ENROLL_SECRET</code>. Hosts appear here after their first report.
      </p>
    </Empty>
  );
}
