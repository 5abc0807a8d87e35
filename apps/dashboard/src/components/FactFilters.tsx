import { overcommit } from '../format';
import { Link } from '../router';

/** The overview's distribution bars link to the host list filtered by one fact value (GET /api/v1/hosts takes each). */
export const FACT_FILTERS = [
  { key: 'thpEnabled', label: 'THP mode', show: String },
  { key: 'overcommitMemory', label: 'Overcommit mode', show: (v: string) => overcommit(Number(v)) },
  { key: 'cpuOnlineCount', label: 'Online CPU cores', show: String },
  { key: 'architecture', label: 'Architecture', show: String },
  { key: 'allocator', label: 'Runs a process on allocator', show: String },
] as const;

export type FactKey = (typeof FACT_FILTERS)[number]['key'] | 'hypervisor';

/** The host list filtered by one fact value. */
export const hostsWith = (key: FactKey, value: string | number): string => `/hosts?${new URLSearchParams({ [key]: String(value) }).toString()}`;

/** The fact filters of the URL, as the API's query parameters. */
export function factParams(query: URLSearchParams): Record<string, string | null> {
  return Object.fromEntries(FACT_FILTERS.map((f) => [f.key, query.get(f.key)]));
}

/** One removable chip per fact filter in the URL (they are set from the overview, not from the form). */
export function FactFilterChips({ query }: { query: URLSearchParams }) {
  const set = FACT_FILTERS.filter((f) => query.get(f.key) !== null);
  if (set.length === 0) return null;
  return (
    <p className="small fact-chips" data-testid="fact-filters">
      Only hosts with{' '}
      {set.map((f) => {
        const next = new URLSearchParams(query);
        next.delete(f.key);
        const rest = next.toString();
        return (
          <span key={f.key} className="badge">
            {f.label}: <strong>{f.show(query.get(f.key) ?? '')}</strong>{' '}
            <Link to={`/hosts${rest ? `?${rest}` : ''}`} aria-label={`Remove the ${f.label} filter`}>
              ×
            </Link>
          </span>
        );
      })}
    </p>
  );
}
