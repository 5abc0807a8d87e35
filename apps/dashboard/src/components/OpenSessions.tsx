import { useState } from 'react';
import { request } from '../api/client';
import type { OpenSession } from '../api/types';
import { dateTime } from '../format';
import { useApi } from '../hooks';
import { ConfirmDialog } from './ConfirmDialog';
import { FetchedList } from './States';

/** Admin: the browsers signed in (with a token or single sign-on), and ending one. */
export function OpenSessions() {
  const sessions = useApi<OpenSession[]>('/sessions');
  const [ending, setEnding] = useState<OpenSession | null>(null);
  return (
    <section aria-labelledby="sessions-h">
      <h2 id="sessions-h">Signed-in sessions</h2>
      <p className="muted small">Dashboard sign-ins. A token&apos;s sessions end when it is revoked; ending one signs that browser out at its next request.</p>
      <FetchedList fetched={sessions} loading="Loading sessions" empty="No open sessions.">
        {(items) => (
          <div className="table-wrap" tabIndex={0}>
            <table aria-label="Signed-in sessions">
              <thead>
                <tr>
                  <th>Who</th>
                  <th>Signed in with</th>
                  <th>Role</th>
                  <th>Since</th>
                  <th>Expires</th>
                  <th>Last used</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td>{s.via === 'oidc' ? 'single sign-on' : 'API token'}</td>
                    <td>
                      <strong className={`role role-${s.role}`}>{s.role}</strong>
                    </td>
                    <td>{dateTime(s.createdAt)}</td>
                    <td>{dateTime(s.expiresAt)}</td>
                    <td>{s.lastUsedAt ? dateTime(s.lastUsedAt) : 'never'}</td>
                    <td>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => setEnding(s)}
                        aria-label={`End session of ${s.name} since ${dateTime(s.createdAt)}`}
                      >
                        End
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </FetchedList>
      {ending && (
        <ConfirmDialog
          title={`End the session of “${ending.name}”?`}
          confirmLabel="End session"
          onClose={() => setEnding(null)}
          onConfirm={async () => {
            await request(`/sessions/${ending.id}`, { method: 'DELETE' });
            sessions.reload();
          }}
        >
          <p>That browser is signed out at its next request; the token, if any, keeps working.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
