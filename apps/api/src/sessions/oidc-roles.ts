import type { Role } from '@memfleet/contracts';
import type { OidcConfig } from '@memfleet/platform';
import { ROLE_RANK } from '../auth/principal';

/** The highest role any value of the claim (a string or a list of strings) maps to; null when none does. */
export function roleOfClaim(value: unknown, roles: OidcConfig['roles']): Role | null {
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  let best: Role | null = null;
  for (const { role, value: mapped } of roles) {
    if (values.includes(mapped) && (best === null || ROLE_RANK[role] > ROLE_RANK[best])) best = role;
  }
  return best;
}
