import { useState, type FormEvent } from 'react';
import { describeError, request, storeToken } from '../api/client';
import type { WhoAmI } from '../api/types';

export function SignInPage({ notice, onSignedIn }: { notice?: string; onSignedIn: (who: WhoAmI) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = token.trim();
    if (!t) return setError('Paste an API token.');
    setBusy(true);
    setError(null);
    try {
      const who = await request<WhoAmI>('/auth/whoami', { token: t });
      if (who.kind !== 'api') throw new Error('That is an agent token; sign in with an API token (viewer, operator or admin).');
      storeToken(t);
      onSignedIn(who);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <h1 id="signin-title">memfleet</h1>
        <p className="muted">Fleet memory-runtime diagnostics. Sign in with an API token.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          autoFocus
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby="token-help"
          aria-invalid={error ? true : undefined}
        />
        <p id="token-help" className="muted small">
          Kept for this browser tab only. An admin creates tokens with <code>POST /api/v1/tokens</code>; the first admin token is the server&apos;s{' '}
          <code>MEMFLEET_ADMIN_TOKEN</code>.
        </p>
        {error && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
