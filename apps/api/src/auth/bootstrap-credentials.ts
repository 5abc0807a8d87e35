import type { SettingsRepository, TokensRepository } from '@memfleet/persistence';
import type { AppConfig } from '@memfleet/platform';
import { hashToken, newToken } from './token-hash';

/**
 * The bootstrap admin token and enroll secret come from the environment, or are generated on first
 * start and returned once for printing; only their hashes are stored.
 */
export async function ensureBootstrapCredentials(tokens: TokensRepository, settings: SettingsRepository, config: AppConfig): Promise<string[]> {
  const announce: string[] = [];
  if (config.adminToken) {
    await tokens.ensureEnvAdminToken(hashToken(config.adminToken));
  } else {
    const token = newToken('mfa');
    if (await tokens.createFirstAdminToken(hashToken(token))) announce.push(`admin token (shown once; store it now): ${token}`);
  }
  if (config.enrollSecret) {
    await settings.setEnrollSecretHash(hashToken(config.enrollSecret));
  } else {
    const secret = newToken('mfe');
    if (await settings.initEnrollSecretHash(hashToken(secret)))
      announce.push(`enroll secret (shown once; agents run: memfleet-agent enroll --enroll-secret ...): ${secret}`);
  }
  return announce;
}
