import { useState } from 'react';
import { describeError, request } from '../api/client';
import type { Finding } from '../api/types';
import { dateTime } from '../format';
import { useCan } from '../session';

/**
 * What silenced a finding: the reason, who and until when, and (operator) a Revoke button that ends the silence
 * for every finding it covers; the page's counts and lists then refetch (a write refreshes the page).
 */
export function SilenceNote({ finding: f, compact = false }: { finding: Finding; compact?: boolean }) {
  const canRevoke = useCan('operator');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const s = f.silence;
  if (!f.silenced || !s) return null;
  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await request(`/silences/${s.id}`, { method: 'DELETE' });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={`silence-note${compact ? ' compact' : ''}`} data-silence={s.id}>
      <span>
        <span className="muted">Silenced by</span> <strong>{s.author}</strong> <span className="muted">until</span> {dateTime(s.expiresAt)}
        <span className="muted">:</span> <q className="prewrap">{s.reason}</q>
      </span>
      {canRevoke && (
        <button
          type="button"
          className="danger small-button"
          disabled={busy}
          onClick={() => void revoke()}
          title="End this silence now: every finding it covers counts again"
        >
          {busy ? 'Revoking…' : 'Revoke'}
        </button>
      )}
      {error && (
        <span role="alert" className="sev-text-critical">
          {error}
        </span>
      )}
    </div>
  );
}
