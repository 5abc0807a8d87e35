import type { EnrollSecretsRepository, TokensRepository } from '@memfleet/persistence';
import type { AppConfig } from '@memfleet/platform';
import { hashToken, newToken } from './token-hash';

/**
 * The bootstrap admin token and enroll secret come from the environment, or are generated on first
 * start and returned once for printing; only their hashes are stored. The bootstrap enroll secret is one
 * of the enroll secrets (admins add and revoke others through /api/v1/enroll-secrets).
 */
export async function ensureBootstrapCredentials(tokens: TokensRepository, secrets: EnrollSecretsRepository, config: AppConfig): Promise<string[]> {
  const announce: string[] = [];
  if (config.adminToken) {
    await tokens.ensureEnvAdminToken(hashToken(config.adminToken));
  } else {
    const token = newToken('mfa');
    if (await tokens.createFirstAdminToken(hashToken(token))) announce.push(`admin token (shown once; store it now): ${token}`);
  }
  if (config.enrollSecret) {
    await secrets.ensureEnvSecret(hashToken(config.enrollSecret));
  } else {
    const secret = newToken('mfe');
    if (await secrets.createFirstSecret(hashToken(secret)))
      announce.push(`enroll secret (shown once; agents run: memfleet-agent enroll --enroll-secret ...): ${secret}`);
  }
  return announce;
}
