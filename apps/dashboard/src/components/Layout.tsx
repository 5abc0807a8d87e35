import { useEffect, type ReactNode } from 'react';
import { Link, useLocation } from '../router';
import { useCan, useSession } from '../session';
import type { Role } from '../api/types';
import { LiveStatus } from './LiveStatus';

const NAV: { to: string; label: string; active: (p: string) => boolean; min?: Role }[] = [
  { to: '/', label: 'Overview', active: (p: string) => p === '/' || p === '/overview' },
  { to: '/hosts', label: 'Hosts', active: (p: string) => p.startsWith('/hosts') },
  { to: '/inventory', label: 'Inventory', active: (p: string) => p.startsWith('/inventory') },
  { to: '/findings', label: 'Findings', active: (p: string) => p.startsWith('/findings') },
  { to: '/rules', label: 'Rules', active: (p: string) => p.startsWith('/rules') },
  { to: '/audits', label: 'Audits', active: (p: string) => p.startsWith('/audits') },
  { to: '/traces', label: 'Trace lab', active: (p: string) => p.startsWith('/traces') },
  { to: '/destinations', label: 'Destinations', active: (p: string) => p.startsWith('/destinations'), min: 'admin' },
  { to: '/activity', label: 'Activity', active: (p: string) => p.startsWith('/activity'), min: 'admin' },
  { to: '/admin', label: 'Admin', active: (p: string) => p.startsWith('/admin'), min: 'admin' },
];

export function Layout({ children }: { children: ReactNode }) {
  const { path } = useLocation();
  const { who, signOut } = useSession();
  const isAdmin = useCan('admin');
  const nav = NAV.filter((n) => n.min !== 'admin' || isAdmin);
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
            {nav.map((n) => (
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
      <LiveStatus />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
