import { useState, type FormEvent } from 'react';
import { describeError, request } from '../api/client';
import type { HostSummary } from '../api/types';
import { navigate } from '../router';
import { useCan } from '../session';
import { useHoldRefresh } from '../live';
import { AgentTokens } from './AgentTokens';
import { ConfirmDialog } from './ConfirmDialog';

/** `k=v` lines ⇄ labels. */
const toText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

function parse(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return `“${line}” is not key=value`;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Admin controls of a host: edit its admin labels, retire it, delete it (each destructive step confirmed). */
export function HostAdmin({ host, onChanged }: { host: HostSummary; onChanged: () => void }) {
  const current = host.labels;
  const isAdmin = useCan('admin');
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'retire' | 'delete' | null>(null);
  useHoldRefresh(editing);
  if (!isAdmin) return null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const next = parse(text);
    if (typeof next === 'string') return setError(next);
    // Keys no longer listed are removed (null), the rest set.
    const labels: Record<string, string | null> = { ...Object.fromEntries(Object.keys(current).map((k) => [k, null])), ...next };
    try {
      await request(`/hosts/${host.id}/labels`, { method: 'PATCH', body: { labels } });
      setEditing(false);
      setError(null);
      onChanged();
    } catch (err) {
      setError(describeError(err));
    }
  };

  return (
    <div className="host-admin">
      {editing ? (
        <form className="panel" aria-label="Edit labels" onSubmit={(e) => void save(e)}>
          <label htmlFor="host-labels">Labels, one key=value a line (an admin label overrides the agent’s; a removed line drops the admin one)</label>
          <textarea id="host-labels" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
          {error && (
            <p role="alert" className="form-error">
              {error}
            </p>
          )}
          <div className="row">
            <button type="submit" className="primary">
              Save labels
            </button>
            <button type="button" onClick={() => (setEditing(false), setError(null))}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="row">
          <button type="button" onClick={() => (setText(toText(current)), setEditing(true))}>
            Edit labels
          </button>
          {!host.retiredAt && (
            <button type="button" onClick={() => setConfirm('retire')}>
              Retire host
            </button>
          )}
          <button type="button" className="danger" onClick={() => setConfirm('delete')}>
            Delete host
          </button>
        </div>
      )}
      <AgentTokens host={host} />
      {confirm === 'retire' && (
        <ConfirmDialog
          title={`Retire ${host.hostname}?`}
          confirmLabel="Retire host"
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await request(`/hosts/${host.id}/retire`, { method: 'POST' });
            onChanged();
          }}
        >
          <p>It leaves the lists, totals and stale alerts; its reports and findings stay for audits. If it reports again, it comes back.</p>
        </ConfirmDialog>
      )}
      {confirm === 'delete' && (
        <ConfirmDialog
          title={`Delete ${host.hostname}?`}
          confirmLabel="Delete host"
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await request(`/hosts/${host.id}`, { method: 'DELETE' });
            navigate('/hosts');
          }}
        >
          <p>Its reports, findings and agent tokens are deleted; this cannot be undone. Its agent must enroll again to report.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
