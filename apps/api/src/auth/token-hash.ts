import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Tokens are ≥ 32 random bytes; only their SHA-256 is stored, so a database leak yields no usable token. */
export function newToken(prefix: 'mfa' | 'mfk' | 'mfe'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
