import { useCallback, useEffect, useState } from 'react';
import { readToken, request, setCsrfToken, storeToken, UNAUTHORIZED_EVENT, describeError } from './api/client';
import type { CurrentSession, WhoAmI } from './api/types';
import { Layout } from './components/Layout';
import { Loading, ErrorBox } from './components/States';
import { match, useLocation } from './router';
import { SessionContext } from './session';
import { usePreferences } from './preferences';
import { SignInPage } from './pages/SignInPage';
import { OverviewPage } from './pages/OverviewPage';
import { HostsPage } from './pages/HostsPage';
import { HostDetailPage } from './pages/HostDetailPage';
import { InventoryPage } from './pages/InventoryPage';
import { RulesPage } from './pages/RulesPage';
import { RuleDetailPage } from './pages/RuleDetailPage';
import { AuditsPage } from './pages/AuditsPage';
import { AuditDetailPage } from './pages/AuditDetailPage';
import { FindingsPage } from './pages/FindingsPage';
import { DestinationsPage } from './pages/DestinationsPage';
import { ActivityPage } from './pages/ActivityPage';
import { TracesPage } from './pages/TracesPage';
import { TraceDetailPage } from './pages/TraceDetailPage';
import { AdminPage } from './pages/AdminPage';
import { NotFoundPage } from './pages/NotFoundPage';

type Auth = { state: 'checking' } | { state: 'signed-out'; notice?: string } | { state: 'signed-in'; who: WhoAmI } | { state: 'error'; error: unknown };

/** The signed-in identity of a session, as whoami would answer. */
export const whoOfSession = (s: CurrentSession): WhoAmI => ({ kind: 'api', name: s.name, role: s.role });

/** Asks whether this browser holds a session (the cookie every tab shares); null when it does not. */
async function currentSession(): Promise<CurrentSession | null> {
  try {
    return await request<CurrentSession>('/sessions/current', { quiet401: true });
  } catch (err) {
    if ((err as { status?: number }).status === 401) return null;
    throw err;
  }
}

export function App() {
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });
  const [attempt, setAttempt] = useState(0);

  // A token left in the tab (a seeded one) is checked once; else the browser's session, if any.
  useEffect(() => {
    if (auth.state !== 'checking') return;
    const token = readToken();
    if (!token) {
      currentSession().then(
        (session) => {
          setCsrfToken(session?.csrfToken ?? null);
          setAuth(session ? { state: 'signed-in', who: whoOfSession(session) } : { state: 'signed-out' });
        },
        (error: unknown) => setAuth({ state: 'error', error }),
      );
      return;
    }
    request<WhoAmI>('/auth/whoami', { token }).then(
      (who) => setAuth({ state: 'signed-in', who }),
      (error: unknown) => {
        if ((error as { status?: number }).status === 401) {
          storeToken(null);
          setAuth({ state: 'signed-out', notice: `The saved token was refused: ${describeError(error)}` });
        } else setAuth({ state: 'error', error });
      },
    );
  }, [auth.state, attempt]);

  useEffect(() => {
    const onUnauthorized = (e: Event) => {
      storeToken(null);
      setCsrfToken(null);
      const detail = (e as CustomEvent<string | undefined>).detail;
      setAuth({ state: 'signed-out', notice: `Your session ended${detail ? `: ${detail}` : ''}. Sign in again.` });
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  const signOut = useCallback(() => {
    const token = readToken();
    storeToken(null);
    const done = () => {
      setCsrfToken(null);
      setAuth({ state: 'signed-out', notice: 'Signed out.' });
    };
    // A session ends on the server, for every tab; a tab's own token only needs forgetting.
    if (token) return done();
    request<void>('/sessions/current', { method: 'DELETE', quiet401: true }).then(done, (error: unknown) =>
      (error as { status?: number }).status === 401 ? done() : setAuth({ state: 'error', error }),
    );
  }, []);

  switch (auth.state) {
    case 'checking':
      return (
        <main className="center">
          <Loading what="Checking your session" />
        </main>
      );
    case 'error':
      return (
        <main className="center">
          <ErrorBox
            error={auth.error}
            onRetry={() => {
              setAttempt((a) => a + 1);
              setAuth({ state: 'checking' });
            }}
          />
        </main>
      );
    case 'signed-out':
      return <SignInPage notice={auth.notice} onSignedIn={(who) => setAuth({ state: 'signed-in', who })} />;
    case 'signed-in':
      return (
        <SessionContext.Provider value={{ who: auth.who, signOut }}>
          <Layout>
            <Routes />
          </Layout>
        </SessionContext.Provider>
      );
  }
}

function Routes() {
  const { path } = useLocation();
  // A new time zone redraws every page: each time on screen goes through format.ts, which reads it.
  usePreferences();
  let m: Record<string, string> | null;
  if (path === '/' || path === '/overview') return <OverviewPage />;
  if (path === '/hosts') return <HostsPage />;
  if ((m = match('/hosts/:id', path))) return <HostDetailPage key={m.id} id={m.id} />;
  if (path === '/inventory') return <InventoryPage />;
  if (path === '/rules') return <RulesPage />;
  if ((m = match('/rules/:id', path))) return <RuleDetailPage key={m.id} id={m.id} />;
  if (path === '/findings') return <FindingsPage />;
  if (path === '/audits') return <AuditsPage />;
  if ((m = match('/audits/:id', path))) return <AuditDetailPage key={m.id} id={m.id} />;
  if (path === '/destinations') return <DestinationsPage />;
  if (path === '/activity') return <ActivityPage />;
  if (path === '/traces') return <TracesPage />;
  if ((m = match('/traces/:id', path))) return <TraceDetailPage key={m.id} id={m.id} />;
  if (path === '/admin') return <AdminPage />;
  return <NotFoundPage />;
}
