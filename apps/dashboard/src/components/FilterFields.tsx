import type { ChangeEvent } from 'react';
import type { RuleList } from '../api/types';

type OnChange = (e: ChangeEvent<HTMLSelectElement>) => void;

/** The severity filter of the hosts and findings lists. */
export function SeverityField({ value, onChange }: { value: string; onChange: OnChange }) {
  return (
    <div className="field">
      <label htmlFor="f-sev">Severity</label>
      <select id="f-sev" value={value} onChange={onChange}>
        <option value="">Any</option>
        <option value="critical">critical</option>
        <option value="warning">warning</option>
        <option value="info">info</option>
      </select>
    </div>
  );
}

/** The rule filter: every catalogue rule, plus the one in the URL if the catalogue does not list it. */
export function RuleField({ value, rules, onChange }: { value: string; rules: RuleList | null | undefined; onChange: OnChange }) {
  return (
    <div className="field">
      <label htmlFor="f-rule">Rule</label>
      <select id="f-rule" value={value} onChange={onChange}>
        <option value="">Any rule</option>
        {rules?.items.map((r) => (
          <option key={r.id} value={r.id}>
            {r.id}
          </option>
        ))}
        {value && !rules?.items.some((r) => r.id === value) && <option value={value}>{value}</option>}
      </select>
    </div>
  );
}
