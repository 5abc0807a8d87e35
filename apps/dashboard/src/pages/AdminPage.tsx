import { useState, type FormEvent } from 'react';
import { describeError, request } from '../api/client';
import type { ApiToken, CreatedApiToken, CreatedEnrollSecret, EnrollSecret, Role } from '../api/types';
import { ConfirmDialog, ShownOnce } from '../components/ConfirmDialog';
import { OpenSessions } from '../components/OpenSessions';
import { Empty, ErrorBox, FetchedList, Loading } from '../components/States';
import { dateTime } from '../format';
import { useApi } from '../hooks';
import { useCan } from '../session';

const ROLES: Role[] = ['viewer', 'operator', 'admin'];
const EXPIRY_DAYS = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 0, label: 'never' },
];

const when = (t: string | null, none: string) => (t ? dateTime(t) : none);

function TokenForm({ onCreated }: { onCreated: (t: CreatedApiToken) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [days, setDays] = useState(90);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const expiresAt = days ? new Date(Date.now() + days * 86_400_000).toISOString() : undefined;
      onCreated(await request<CreatedApiToken>('/tokens', { method: 'POST', body: { name, role, expiresAt } }));
      setName('');
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel admin-form" aria-label="New API token" onSubmit={(e) => void submit(e)}>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="token-name">Name</label>
          <input id="token-name" required maxLength={128} value={name} onChange={(e) => setName(e.target.value)} placeholder="grafana" />
        </div>
        <div className="field">
          <label htmlFor="token-role">Role</label>
          <select id="token-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="token-expiry">Expires in</label>
          <select id="token-expiry" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {EXPIRY_DAYS.map((x) => (
              <option key={x.days} value={x.days}>
                {x.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        Create token
      </button>
    </form>
  );
}

function ApiTokens() {
  const tokens = useApi<ApiToken[]>('/tokens');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <section aria-labelledby="tokens-h">
      <h2 id="tokens-h">API tokens</h2>
      <p className="muted small">For people and scripts. Only a hash is stored: a new token is shown once.</p>
      {created ? (
        <ShownOnce what={`Token “${created.name}” (${created.role})`} value={created.token} onDone={() => setCreated(null)} />
      ) : (
        <TokenForm
          onCreated={(t) => {
            setCreated(t);
            tokens.reload();
          }}
        />
      )}
      <FetchedList fetched={tokens} loading="Loading tokens" empty="No API tokens.">
        {(items) => (
          <div className="table-wrap" tabIndex={0}>
            <table aria-label="API tokens">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Created</th>
                  <th>Expires</th>
                  <th>Last used</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td>
                      <strong className={`role role-${t.role}`}>{t.role}</strong>
                    </td>
                    <td>
                      {dateTime(t.createdAt)}
                      {t.createdBy ? ` by ${t.createdBy}` : ''}
                    </td>
                    <td>{when(t.expiresAt, 'never')}</td>
                    <td>{when(t.lastUsedAt, 'never')}</td>
                    <td>
                      {t.revokedAt ? (
                        <span className="muted">revoked {dateTime(t.revokedAt)}</span>
                      ) : (
                        <button type="button" className="danger" onClick={() => setRevoking(t)} aria-label={`Revoke token ${t.name}`}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </FetchedList>
      {revoking && (
        <ConfirmDialog
          title={`Revoke token “${revoking.name}”?`}
          confirmLabel="Revoke token"
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await request(`/tokens/${revoking.id}`, { method: 'DELETE' });
            tokens.reload();
          }}
        >
          <p>Whatever uses it gets 401 from now on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function EnrollSecrets() {
  const secrets = useApi<EnrollSecret[]>('/enroll-secrets');
  const [created, setCreated] = useState<CreatedEnrollSecret | null>(null);
  const [rotating, setRotating] = useState<EnrollSecret | null>(null);
  const rotate = async (old: EnrollSecret) => {
    // A new secret first, then the old one revoked: agents mid-rollout are never without a valid secret.
    const fresh = await request<CreatedEnrollSecret>('/enroll-secrets', { method: 'POST', body: { name: `${old.name} (rotated)`.slice(0, 128) } });
    await request(`/enroll-secrets/${old.id}`, { method: 'DELETE' });
    setCreated(fresh);
    secrets.reload();
  };
  return (
    <section aria-labelledby="secrets-h">
      <h2 id="secrets-h">Enroll secrets</h2>
      <p className="muted small">What a new agent exchanges for its own token. Rotating creates a new secret (shown once) and revokes the old one.</p>
      {created && <ShownOnce what={`Enroll secret “${created.name}”`} value={created.secret} onDone={() => setCreated(null)} />}
      {secrets.error ? (
        <ErrorBox error={secrets.error} onRetry={secrets.reload} />
      ) : !secrets.data ? (
        <Loading what="Loading enroll secrets" />
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table aria-label="Enroll secrets">
            <thead>
              <tr>
                <th>Name</th>
                <th>Origin</th>
                <th>Created</th>
                <th>Expires</th>
                <th>Last used</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {secrets.data.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td>{s.origin}</td>
                  <td>{dateTime(s.createdAt)}</td>
                  <td>{when(s.expiresAt, 'never')}</td>
                  <td>{when(s.lastUsedAt, 'never')}</td>
                  <td>
                    {s.active ? (
                      <button type="button" onClick={() => setRotating(s)} aria-label={`Rotate enroll secret ${s.name}`}>
                        Rotate
                      </button>
                    ) : (
                      <span className="muted">{s.revokedAt ? `revoked ${dateTime(s.revokedAt)}` : 'expired'}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rotating && (
        <ConfirmDialog
          title={`Rotate enroll secret “${rotating.name}”?`}
          confirmLabel="Rotate secret"
          onClose={() => setRotating(null)}
          onConfirm={() => rotate(rotating)}
        >
          <p>A new secret is created and shown once; the old one stops working for new enrolls. Enrolled agents keep their tokens.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

export function AdminPage() {
  const isAdmin = useCan('admin');
  if (!isAdmin) return <Empty title="Administration needs the admin role." />;
  return (
    <section className="admin-page">
      <h1>Admin</h1>
      <ApiTokens />
      <EnrollSecrets />
      <OpenSessions />
    </section>
  );
}
