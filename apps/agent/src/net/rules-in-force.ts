import { request } from './http-client';
import { problemText } from './problem-text';

/** What `GET /api/v1/agents/rules` answers: the server's catalogue revision and every threshold in force. */
export interface RulesInForce {
  catalogueRevision: string;
  /** Rule id → threshold name → value. */
  thresholds: Record<string, Record<string, number>>;
}

export type RulesAnswer = { ok: true; rules: RulesInForce } | { ok: false; reason: string };

/** Rule id → threshold name → finite number. */
export const isThresholds = (v: unknown): v is RulesInForce['thresholds'] =>
  typeof v === 'object' &&
  v !== null &&
  Object.values(v).every((t) => typeof t === 'object' && t !== null && Object.values(t).every((n) => typeof n === 'number' && Number.isFinite(n)));

/** Asks the server for the thresholds in force; any failure is a reason, never a throw (check then uses the defaults). */
export async function fetchRulesInForce(
  server: string,
  token: string,
  opts: { caFile?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RulesAnswer> {
  try {
    const res = await request(`${server.replace(/\/+$/, '')}/api/v1/agents/rules`, {
      method: 'GET',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      caFile: opts.caFile,
      env: opts.env,
      timeoutMs: opts.timeoutMs ?? 5000,
    });
    if (res.status !== 200) return { ok: false, reason: `the server answered ${res.status}: ${problemText(res.body)}` };
    const body = JSON.parse(res.body) as Partial<RulesInForce>;
    if (typeof body.catalogueRevision !== 'string' || !isThresholds(body.thresholds))
      return { ok: false, reason: 'the server answered something other than rules in force' };
    return { ok: true, rules: { catalogueRevision: body.catalogueRevision, thresholds: body.thresholds } };
  } catch (err) {
    return { ok: false, reason: `the server is unreachable (${(err as Error).message})` };
  }
}
