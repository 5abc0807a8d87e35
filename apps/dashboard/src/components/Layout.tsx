import { useEffect, type ReactNode } from 'react';
import { Link, useLocation } from '../router';
import { useSession } from '../session';

const NAV = [
  { to: '/', label: 'Overview', active: (p: string) => p === '/' || p === '/overview' },
  { to: '/hosts', label: 'Hosts', active: (p: string) => p.startsWith('/hosts') },
  { to: '/rules', label: 'Rules', active: (p: string) => p.startsWith('/rules') },
  { to: '/audits', label: 'Audits', active: (p: string) => p.startsWith('/audits') },
];

export function Layout({ children }: { children: ReactNode }) {
  const { path } = useLocation();
  const { who, signOut } = useSession();
  const current = NAV.find((n) => n.active(path));
  useEffect(() => {
    document.title = current ? `${current.label} · memfleet` : 'memfleet';
  }, [current]);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          memfleet
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={n.active(path) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span title={`Signed in as ${who.name}`}>
            {who.name} · <strong className={`role role-${who.role}`}>{who.role}</strong>
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
