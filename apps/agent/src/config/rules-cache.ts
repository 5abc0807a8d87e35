import fs from 'node:fs';
import path from 'node:path';
import { writeAtomic } from '../spool/spool';
import { isThresholds, type RulesInForce } from '../net/rules-in-force';

/** The last thresholds in force a server answered, kept in the state directory for `check` offline. */
export interface CachedRules extends RulesInForce {
  /** The server that answered: a cache of another server's thresholds is not used. */
  server: string;
  /** When they were fetched (ISO 8601, UTC). */
  fetchedAt: string;
}

export const RULES_CACHE_FILE = 'rules-in-force.json';

export const rulesCachePath = (stateDir: string): string => path.join(stateDir, RULES_CACHE_FILE);

/** Writes the cache (mode 0600, atomically); a failure is a reason, since check goes on without a cache. */
export function writeRulesCache(stateDir: string, server: string, rules: RulesInForce, now = new Date()): string | null {
  const cached: CachedRules = { server, fetchedAt: now.toISOString(), catalogueRevision: rules.catalogueRevision, thresholds: rules.thresholds };
  try {
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    writeAtomic(rulesCachePath(stateDir), `${JSON.stringify(cached, null, 2)}\n`);
    return null;
  } catch (err) {
    return `cannot write ${rulesCachePath(stateDir)}: ${(err as Error).message}`;
  }
}

export type CacheAnswer = { ok: true; cached: CachedRules } | { ok: false; reason: string };

/** The cached thresholds of `server`; absent, unreadable, malformed or another server's is a reason. */
export function readRulesCache(stateDir: string, server: string): CacheAnswer {
  const file = rulesCachePath(stateDir);
  let body: Partial<CachedRules>;
  try {
    body = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CachedRules>;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? `no cached copy in ${file}` : `the cached copy ${file} is unreadable (${(err as Error).message})` };
  }
  if (
    typeof body.server !== 'string' ||
    typeof body.fetchedAt !== 'string' ||
    Number.isNaN(Date.parse(body.fetchedAt)) ||
    typeof body.catalogueRevision !== 'string' ||
    !isThresholds(body.thresholds)
  )
    return { ok: false, reason: `the cached copy ${file} is malformed` };
  if (body.server !== server) return { ok: false, reason: `the cached copy ${file} is of another server (${body.server})` };
  return { ok: true, cached: { server: body.server, fetchedAt: body.fetchedAt, catalogueRevision: body.catalogueRevision, thresholds: body.thresholds } };
}
