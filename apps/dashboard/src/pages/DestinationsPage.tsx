import { useState, type FormEvent } from 'react';
import { describeError, request } from '../api/client';
import { DESTINATION_TYPES, type Destination, type DestinationCreated, type DestinationInput, type DestinationType } from '../api/output-types';
import type { Page } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { DeliveryLog } from '../components/DeliveryLog';
import { Empty, Loading } from '../components/States';
import { ListError } from '../components/Unavailable';
import { dateTime } from '../format';
import { useApi } from '../hooks';
import { useCan } from '../session';
import { itemsOf } from '../url';

const TYPE_HINT: Record<DestinationType, string> = {
  webhook: 'JSON POST signed with X-Memfleet-Signature (HMAC-SHA256 of "<timestamp>.<body>").',
  slack: 'A Slack incoming-webhook URL.',
  alertmanager: 'The Alertmanager base URL; alerts go to /api/v2/alerts.',
  email: 'Sent through the server’s SMTP relay (MEMFLEET_SMTP_URL), with the audit attached.',
};

function DestinationForm({ initial, onSaved, onCancel }: { initial: Destination | null; onSaved: (d: DestinationCreated) => void; onCancel: () => void }) {
  const [type, setType] = useState<DestinationType>(initial?.type ?? 'webhook');
  const [name, setName] = useState(initial?.name ?? '');
  const [url, setUrl] = useState(initial?.url ?? '');
  const [to, setTo] = useState((initial?.to ?? []).join(', '));
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = initial?.id ?? 'new';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    // The type is fixed once created: an edit sends only the fields that may change.
    const body: DestinationInput = initial ? { name } : { name, type };
    if (type === 'email') body.to = to.split(/[\s,;]+/).filter(Boolean);
    else body.url = url;
    // Empty keeps the stored secret on edit, and lets the server generate one on create.
    if (type === 'webhook' && secret) body.secret = secret;
    try {
      const saved = initial
        ? await request<DestinationCreated>(`/destinations/${initial.id}`, { method: 'PATCH', body })
        : await request<DestinationCreated>('/destinations', { method: 'POST', body });
      onSaved(saved);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel destination-form" onSubmit={(e) => void submit(e)} aria-label={initial ? `Edit destination ${initial.name}` : 'New destination'}>
      <h3>{initial ? `Edit “${initial.name}”` : 'New destination'}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`d-name-${id}`}>Name</label>
          <input id={`d-name-${id}`} required value={name} onChange={(e) => setName(e.target.value)} placeholder="On-call webhook" />
        </div>
        <div className="field">
          <label htmlFor={`d-type-${id}`}>Type</label>
          <select id={`d-type-${id}`} value={type} onChange={(e) => setType(e.target.value as DestinationType)} disabled={!!initial}>
            {DESTINATION_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        {type === 'email' ? (
          <div className="field wide">
            <label htmlFor={`d-to-${id}`}>Recipients</label>
            <input id={`d-to-${id}`} required value={to} onChange={(e) => setTo(e.target.value)} placeholder="ops@example.com, sre@example.com" />
          </div>
        ) : (
          <div className="field wide">
            <label htmlFor={`d-url-${id}`}>URL</label>
            <input
              id={`d-url-${id}`}
              required
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://hooks.example.com/memfleet"
            />
          </div>
        )}
        {type === 'webhook' && (
          <div className="field wide">
            <label htmlFor={`d-secret-${id}`}>Signing secret</label>
            <input
              id={`d-secret-${id}`}
              type="password"
              autoComplete="new-password"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              placeholder={initial?.hasSecret ? 'unchanged' : 'empty: the server generates one and shows it once'}
            />
          </div>
        )}
      </div>
      <p className="muted small">{TYPE_HINT[type]}</p>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {initial ? 'Save destination' : 'Create destination'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SecretOnce({ d, onDismiss }: { d: DestinationCreated & { secret: string }; onDismiss: () => void }) {
  return (
    <div className="success-box secret-once" role="status">
      <p>
        <strong>“{d.name}” was created.</strong> Its signing secret is shown only now: store it where the receiver can read it.
      </p>
      <div className="cmd-row">
        <pre className="cmd" data-testid="destination-secret">
          {d.secret}
        </pre>
        <CopyButton text={d.secret} label="Copy secret" />
      </div>
      <button type="button" onClick={onDismiss}>
        I have stored it
      </button>
    </div>
  );
}

function DestinationCard({ d, onChanged }: { d: Destination; onChanged: () => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [showLog, setShowLog] = useState(false);
  const [logNonce, setLogNonce] = useState(0);
  const [note, setNote] = useState<{ text: string; failed: boolean } | null>(null);

  const test = async () => {
    setNote(null);
    try {
      await request<{ deliveryId: string }>(`/destinations/${d.id}/test`, { method: 'POST' });
      setNote({ text: 'Test queued: its delivery appears in the log.', failed: false });
      setShowLog(true);
      setLogNonce((n) => n + 1);
    } catch (err) {
      setNote({ text: describeError(err), failed: true });
    }
  };
  const remove = async () => {
    try {
      await request(`/destinations/${d.id}`, { method: 'DELETE' });
      onChanged();
    } catch (err) {
      setNote({ text: describeError(err), failed: true });
      setMode('view');
    }
  };

  if (mode === 'edit')
    return (
      <DestinationForm
        initial={d}
        onSaved={() => {
          setMode('view');
          onChanged();
        }}
        onCancel={() => setMode('view')}
      />
    );
  return (
    <article className="rule-card destination" data-destination={d.name}>
      <div className="finding-head">
        <h3>{d.name}</h3>
        <span className="badge">{d.type}</span>
        {d.type === 'webhook' && <span className={d.hasSecret ? 'badge outcome-pass' : 'badge'}>{d.hasSecret ? 'signed' : 'unsigned'}</span>}
      </div>
      <p className="mono small break">{d.type === 'email' ? (d.to ?? []).join(', ') : d.url}</p>
      <p className="muted small">
        Created {dateTime(d.createdAt)}
        {d.updatedAt !== d.createdAt && ` · changed ${dateTime(d.updatedAt)}`}
      </p>
      <div className="row">
        <button type="button" onClick={() => void test()}>
          Send test
        </button>
        <button type="button" aria-expanded={showLog} onClick={() => setShowLog((s) => !s)}>
          {showLog ? 'Hide delivery log' : 'Delivery log'}
        </button>
        <button type="button" onClick={() => setMode('edit')}>
          Edit
        </button>
        {mode === 'confirm-delete' ? (
          <>
            <button type="button" className="danger" onClick={() => void remove()}>
              Delete “{d.name}”
            </button>
            <button type="button" onClick={() => setMode('view')}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="danger" onClick={() => setMode('confirm-delete')}>
            Delete
          </button>
        )}
        {note && (
          <span role={note.failed ? 'alert' : 'status'} className={note.failed ? 'form-error' : 'muted small'}>
            {note.text}
          </span>
        )}
      </div>
      {showLog && <DeliveryLog key={logNonce} destinationId={d.id} />}
    </article>
  );
}

export function DestinationsPage() {
  const isAdmin = useCan('admin');
  const list = useApi<Page<Destination> | Destination[]>(isAdmin ? '/destinations' : null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<(DestinationCreated & { secret: string }) | null>(null);
  const items = itemsOf(list.data);

  if (!isAdmin)
    return (
      <section>
        <h1>Destinations</h1>
        <Empty title="Destinations are for admins">
          <p>Ask an admin to add a webhook, Slack, Alertmanager or e-mail destination for alerts and audit reports.</p>
        </Empty>
      </section>
    );
  return (
    <section>
      <div className="page-head">
        <h1>Destinations</h1>
        {items && !creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New destination
          </button>
        )}
      </div>
      <p className="muted lede">
        Where alerts between audits and scheduled audit reports are sent. Failed deliveries are retried with backoff, then kept as dead letters.
      </p>
      {created && <SecretOnce d={created} onDismiss={() => setCreated(null)} />}
      {creating && (
        <DestinationForm
          initial={null}
          onSaved={(d) => {
            setCreating(false);
            if (d.secret) setCreated({ ...d, secret: d.secret });
            list.reload();
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {list.error ? (
        <ListError error={list.error} what="Destinations are" onRetry={list.reload} />
      ) : !items ? (
        <Loading what="Loading destinations" />
      ) : items.length === 0 ? (
        !creating && (
          <Empty title="No destination yet">
            <p>Add a webhook, Slack, Alertmanager or e-mail destination to be told when something turns critical.</p>
          </Empty>
        )
      ) : (
        items.map((d) => <DestinationCard key={d.id} d={d} onChanged={list.reload} />)
      )}
    </section>
  );
}
