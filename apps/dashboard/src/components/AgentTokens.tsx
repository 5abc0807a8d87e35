import { useState } from 'react';
import { request } from '../api/client';
import type { AgentToken, HostSummary, ReenrollGrant } from '../api/types';
import { dateTime } from '../format';
import { useApi } from '../hooks';
import { ConfirmDialog } from './ConfirmDialog';
import { FetchedList } from './States';

/** A host's agent tokens (admin): when each was issued and last used, revoke one, or let the machine enroll again once. */
export function AgentTokens({ host }: { host: HostSummary }) {
  const tokens = useApi<AgentToken[]>(`/hosts/${host.id}/agent-tokens`);
  const [revoking, setRevoking] = useState<AgentToken | null>(null);
  const [granting, setGranting] = useState(false);
  const [grant, setGrant] = useState<ReenrollGrant | null>(null);

  return (
    <details className="panel agent-tokens">
      <summary>Agent tokens{tokens.data ? ` (${tokens.data.filter((t) => !t.revokedAt).length} active of ${tokens.data.length})` : ''}</summary>
      <p className="muted small">
        What this host’s agent signs its reports with. Revoking the last active one stops its reports until the machine enrolls again; a re-enroll grant lets it
        do so once, revoking the old tokens.
      </p>
      <FetchedList fetched={tokens} loading="Loading agent tokens" empty="No agent tokens.">
        {(items) => (
          <div className="table-wrap" tabIndex={0}>
            <table aria-label="Agent tokens">
              <thead>
                <tr>
                  <th>Token</th>
                  <th>Issued</th>
                  <th>Last used</th>
                  <th>State</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <code>{t.id.slice(0, 8)}</code>
                    </td>
                    <td>{dateTime(t.createdAt)}</td>
                    <td>{t.lastUsedAt ? dateTime(t.lastUsedAt) : 'never'}</td>
                    <td>{t.revokedAt ? `revoked ${dateTime(t.revokedAt)}` : 'active'}</td>
                    <td>
                      {!t.revokedAt && (
                        <button type="button" className="danger" onClick={() => setRevoking(t)}>
                          Revoke<span className="sr-only"> agent token {t.id.slice(0, 8)}</span>
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
      <div className="row">
        <button type="button" onClick={() => setGranting(true)}>
          Allow re-enroll
        </button>
        {grant && (
          <p role="status" className="small">
            {host.hostname} may enroll again once before {dateTime(grant.expiresAt)}.
          </p>
        )}
      </div>
      {revoking && (
        <ConfirmDialog
          title={`Revoke agent token ${revoking.id.slice(0, 8)}?`}
          confirmLabel="Revoke agent token"
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await request(`/hosts/${host.id}/agent-tokens/${revoking.id}`, { method: 'DELETE' });
            tokens.reload();
          }}
        >
          <p>Reports signed with it are refused from now on.</p>
        </ConfirmDialog>
      )}
      {granting && (
        <ConfirmDialog
          title={`Let ${host.hostname} enroll again?`}
          confirmLabel="Allow re-enroll for one hour"
          onClose={() => setGranting(false)}
          onConfirm={async () => {
            setGrant(await request<ReenrollGrant>(`/hosts/${host.id}/re-enroll-grant`, { method: 'POST', body: {} }));
          }}
        >
          <p>The next enroll of its machine-id within the hour is accepted once and revokes its current agent tokens — for a rebuilt or re-imaged host.</p>
        </ConfirmDialog>
      )}
    </details>
  );
}
