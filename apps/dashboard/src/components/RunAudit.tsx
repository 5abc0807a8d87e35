import { useState, type FormEvent } from 'react';
import { parseLabels } from '@memfleet/contracts/labels';
import { describeError, request } from '../api/client';
import type { AuditStarted } from '../api/output-types';
import { Link } from '../router';
import { splitLabels } from '../url';
import { isMissingEndpoint } from './Unavailable';

/** "Run audit now" (operator and above), optionally scoped by a label selector. */
export function RunAudit({ onStarted }: { onStarted: () => void }) {
  const [scope, setScope] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<AuditStarted | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const parsed = parseLabels(splitLabels(scope), 'scope');
    if (!parsed.ok) return setError(parsed.errors.map((er) => er.reason).join('; '));
    setBusy(true);
    try {
      setStarted(await request<AuditStarted>('/audits', { method: 'POST', body: Object.keys(parsed.labels).length ? { scope: parsed.labels } : {} }));
      onStarted();
    } catch (err) {
      setError(isMissingEndpoint(err) ? 'Running audits is not available on this server.' : describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="filters run-audit" onSubmit={(e) => void submit(e)} aria-label="Run an audit">
      <div className="field grow">
        <label htmlFor="run-scope">Scope (label selector, optional)</label>
        <input id="run-scope" value={scope} onChange={(e) => setScope(e.target.value)} placeholder="team=edge — empty: the whole fleet" />
      </div>
      <div className="field actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Run audit now'}
        </button>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {started && !error && (
        <p role="status" className="form-ok">
          Audit {started.status}: <Link to={`/audits/${started.id}`}>open it</Link>.
        </p>
      )}
    </form>
  );
}
