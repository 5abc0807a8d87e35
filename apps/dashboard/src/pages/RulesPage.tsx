import { useState } from 'react';
import type { RuleList } from '../api/types';
import { RecentReevaluations } from '../components/Reevaluations';
import { SeverityBadge, SeverityCount } from '../components/Severity';
import { ErrorBox, Empty, Loading } from '../components/States';
import { useApi } from '../hooks';
import { Link } from '../router';

export function RulesPage() {
  const rules = useApi<RuleList>('/rules');
  const [filter, setFilter] = useState('');
  const [onlyHitting, setOnlyHitting] = useState(false);

  if (rules.error) return <ErrorBox error={rules.error} onRetry={rules.reload} />;
  if (!rules.data) return <Loading what="Loading the rule catalogue" />;
  const f = filter.trim().toLowerCase();
  const affected = (r: RuleList['items'][number]) => r.hostsAffected.critical + r.hostsAffected.warning + r.hostsAffected.info;
  const items = rules.data.items
    .filter((r) => !f || r.id.includes(f) || r.title.toLowerCase().includes(f) || r.explanation.toLowerCase().includes(f))
    .filter((r) => !onlyHitting || affected(r) > 0)
    .sort((a, b) => b.hostsAffected.critical - a.hostsAffected.critical || affected(b) - affected(a) || a.id.localeCompare(b.id));

  return (
    <section>
      <h1>Rules</h1>
      <p className="muted">
        {rules.data.items.length} rules in the catalogue (revision <span className="mono">{rules.data.catalogueRevision.slice(0, 12)}</span>). Each rule
        explains when it fires, how severe it is and where the knowledge comes from.
      </p>
      <div className="panel" style={{ marginBottom: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>Re-evaluations</h2>
        <RecentReevaluations />
      </div>
      <div className="filters" role="search" aria-label="Filter rules">
        <div className="field">
          <label htmlFor="rule-filter">Find a rule</label>
          <input id="rule-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="envoy, tcmalloc, shm…" />
        </div>
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="checkbox" checked={onlyHitting} onChange={(e) => setOnlyHitting(e.target.checked)} /> only rules hitting some host
        </label>
      </div>
      {items.length === 0 ? (
        <Empty title="No rule matches">
          <p>Try another word.</p>
        </Empty>
      ) : (
        items.map((r) => (
          <article key={r.id} className="rule-card" aria-labelledby={`rule-${r.id}`}>
            <div className="finding-head">
              <h2 id={`rule-${r.id}`} style={{ margin: 0, fontSize: '1.05rem' }}>
                <Link to={`/rules/${encodeURIComponent(r.id)}`}>{r.title}</Link>
              </h2>
            </div>
            <div className="small muted">
              <span className="mono">{r.id}</span> · v{r.version} · checks each {r.appliesTo}
            </div>
            <p className="small" style={{ margin: '0.5rem 0' }}>
              Hosts affected:{' '}
              {affected(r) === 0 ? (
                <span className="ok-text">none</span>
              ) : (
                <>
                  <span className="row" style={{ display: 'inline-flex' }}>
                    <SeverityBadge severity="critical" /> <SeverityCount severity="critical" count={r.hostsAffected.critical} />
                    <SeverityBadge severity="warning" /> <SeverityCount severity="warning" count={r.hostsAffected.warning} />
                    <SeverityBadge severity="info" /> <SeverityCount severity="info" count={r.hostsAffected.info} />
                  </span>{' '}
                  · <Link to={`/rules/${encodeURIComponent(r.id)}`}>see the hosts</Link>
                </>
              )}
            </p>
            <details>
              <summary className="small">Severity logic</summary>
              <p className="small prewrap">{r.severityLogic}</p>
            </details>
            <details>
              <summary className="small">Sources ({r.sources.length})</summary>
              <ul className="small">
                {r.sources.map((s) => (
                  <li key={s.url}>
                    <a href={s.url} target="_blank" rel="noreferrer">
                      {s.title}
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          </article>
        ))
      )}
    </section>
  );
}
