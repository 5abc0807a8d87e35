import { ruleById, thresholdValue } from '@memfleet/rules';

// Runs started before threshold changes were described in words kept the new values as JSON.
const JSON_REASON = /^(.* changed thresholds of ([a-z0-9-]+)): (\{.*\})$/;

/**
 * A run's reason as a person reads it. Older runs said `… changed thresholds of <rule>: {"warningVms":100}`;
 * their old values were not kept, so they read "warningVms set to 100".
 */
export function reasonInWords(reason: string): string {
  const m = JSON_REASON.exec(reason);
  if (!m) return reason;
  let values: unknown;
  try {
    values = JSON.parse(m[3]);
  } catch {
    return reason;
  }
  if (!values || typeof values !== 'object' || Array.isArray(values)) return reason;
  const units = new Map((ruleById(m[2])?.thresholds ?? []).map((t) => [t.name, t.unit]));
  const parts = Object.entries(values as Record<string, unknown>).map(([name, v]) => {
    const unit = units.get(name);
    return `${name} set to ${typeof v === 'number' && unit ? thresholdValue(v, unit) : String(v)}`;
  });
  return `${m[1]}: ${parts.length ? parts.join(', ') : 'no value given'}`;
}
