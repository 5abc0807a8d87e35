import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { ErrorBox } from './States';

/**
 * True when the endpoint itself is missing (an older server): the router's "Cannot GET /api/v1/…", or a
 * 404 without a problem body from a proxy. An unknown audit or destination id is a 404 with its own detail.
 */
export function isMissingEndpoint(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.status !== 404) return false;
  const detail = err.problem?.detail;
  return !detail || /^Cannot (GET|POST|PATCH|PUT|DELETE) /.test(detail);
}

export function NotAvailable({ what, children }: { what: string; children?: ReactNode }) {
  return (
    <div className="empty not-available" data-testid="not-available">
      <h3>{what} not available on this server</h3>
      <p className="muted">This memfleet API does not answer the endpoint yet; upgrade the server to use it.</p>
      {children}
    </div>
  );
}

/** An error from a list: "not available" for a missing endpoint, the problem otherwise. */
export function ListError({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  return isMissingEndpoint(error) ? <NotAvailable what={what} /> : <ErrorBox error={error} onRetry={onRetry} />;
}
