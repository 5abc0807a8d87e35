import { useEffect, useState, type FormEvent } from 'react';
import { describeError, request, setCsrfToken } from '../api/client';
import type { CurrentSession, SignInOptions, WhoAmI } from '../api/types';

/** Why the single sign-on came back refused (the API's `?sso_error=` codes). */
const SSO_ERRORS: Record<string, string> = {
  state: 'Single sign-on failed: the answer did not match a sign-in started in this browser, or it took too long. Start again.',
  denied: 'Single sign-on failed: the identity provider refused or cancelled the sign-in.',
  provider: 'Single sign-on failed: the identity provider did not confirm the sign-in. Start again; if it keeps failing, ask an admin to check the server log.',
  'no-role': 'Your single sign-on account has no memfleet role: none of its groups is mapped to viewer, operator or admin. Ask an admin for access.',
  unavailable: 'Single sign-on is unavailable: the identity provider cannot be reached. Try again later, or sign in with an API token.',
};

/** The refusal the API redirected here with, taken out of the address bar so a reload does not repeat it. */
function ssoErrorOnce(): string | undefined {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('sso_error');
  if (code === null) return undefined;
  url.searchParams.delete('sso_error');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return SSO_ERRORS[code] ?? 'Single sign-on failed.';
}

export function SignInPage({ notice, onSignedIn }: { notice?: string; onSignedIn: (who: WhoAmI) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(() => ssoErrorOnce() ?? null);
  const [busy, setBusy] = useState(false);
  const [options, setOptions] = useState<SignInOptions | null>(null);

  useEffect(() => {
    // Without the options the token form still works: single sign-on is only an extra button.
    request<SignInOptions>('/sessions/options', { quiet401: true }).then(setOptions, () => setOptions(null));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = token.trim();
    if (!t) return setError('Paste an API token.');
    setBusy(true);
    setError(null);
    try {
      const session = await request<CurrentSession>('/sessions', { method: 'POST', body: { token: t }, quiet401: true });
      setCsrfToken(session.csrfToken);
      onSignedIn({ kind: 'api', name: session.name, role: session.role });
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
          Signs this browser in for every tab until you sign out or the session expires; the token itself is not kept. An admin creates tokens with{' '}
          <code>POST /api/v1/tokens</code>; the first admin token is the server&apos;s <code>MEMFLEET_ADMIN_TOKEN</code>.
        </p>
        {error && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {options?.sso && options.ssoUrl && (
          <>
            <p className="signin-or muted small">or</p>
            <a className="button sso" href={options.ssoUrl}>
              Sign in with SSO
            </a>
          </>
        )}
      </form>
    </main>
  );
}
