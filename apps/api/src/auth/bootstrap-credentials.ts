import type { DataSource } from 'typeorm';
import type { AppConfig } from '@memfleet/platform';
import { hashToken, newToken } from './token-hash';

export const ENROLL_SECRET_SETTING = 'enroll-secret-sha256';

/**
 * The bootstrap admin token and enroll secret come from the environment, or are generated on first
 * start and returned once for printing; only their hashes are stored.
 */
export async function ensureBootstrapCredentials(ds: DataSource, config: AppConfig): Promise<string[]> {
  const announce: string[] = [];
  if (config.adminToken) {
    await ds.query(
      `INSERT INTO api_tokens (name, role, token_hash, created_by) VALUES ('bootstrap-admin (MEMFLEET_ADMIN_TOKEN)', 'admin', $1, 'env')
       ON CONFLICT (token_hash) DO NOTHING`,
      [hashToken(config.adminToken)],
    );
  } else {
    const token = newToken('mfa');
    const rows: unknown[] = await ds.query(
      `INSERT INTO api_tokens (name, role, token_hash, created_by)
       SELECT 'bootstrap-admin (generated)', 'admin', $1, 'first-start' WHERE NOT EXISTS (SELECT 1 FROM api_tokens WHERE role = 'admin')
       RETURNING id`,
      [hashToken(token)],
    );
    if (rows.length) announce.push(`admin token (shown once; store it now): ${token}`);
  }
  if (config.enrollSecret) {
    await ds.query(
      `INSERT INTO settings (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [ENROLL_SECRET_SETTING, hashToken(config.enrollSecret)],
    );
  } else {
    const secret = newToken('mfe');
    const rows: unknown[] = await ds.query(
      `INSERT INTO settings (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING RETURNING key`,
      [ENROLL_SECRET_SETTING, hashToken(secret)],
    );
    if (rows.length) announce.push(`enroll secret (shown once; agents run: memfleet-agent enroll --enroll-secret ...): ${secret}`);
  }
  return announce;
}
