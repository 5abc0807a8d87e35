import net from 'node:net';
import type { FieldError } from '@memfleet/contracts';
import type { DestinationType } from '@memfleet/persistence';
import { literalAddress, type DenyList } from './net/deny-list';

export const MIN_SECRET_LENGTH = 16;
export const MAX_RECIPIENTS = 50;
// One @, no spaces or angle brackets, a dotted domain or a bracketed address: what SMTP servers accept in practice.
const EMAIL = /^[^\s@<>(),;:"]+@([^\s@<>(),;:"]+\.[^\s@<>(),;:".]+|\[[0-9a-fA-F:.]+\])$/;

export interface DestinationInput {
  type: DestinationType;
  url: string | null;
  to: string[] | null;
  secret: string | null;
}

/** Why a URL cannot be a destination's, or null: http(s) only, no credentials in it, no literal address the deny list refuses. */
export function urlProblem(text: string, deny: DenyList): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be http or https, not ${url.protocol.replace(/:$/, '')}`;
  if (url.username || url.password) return 'must not carry credentials';
  const literal = literalAddress(url);
  const cidr = literal ? deny.refusing(literal) : null;
  if (cidr) return `${literal} is refused by MEMFLEET_DESTINATION_DENY_CIDRS (${cidr})`;
  return null;
}

/** The problems of a destination as it would be stored, by field (host names are resolved and checked at every send). */
export function destinationProblems(d: DestinationInput, deny: DenyList): FieldError[] {
  const errors: FieldError[] = [];
  if (d.type === 'email') {
    if (d.url !== null) errors.push({ path: 'url', reason: 'an email destination has no url (give to)' });
    if (!d.to?.length) errors.push({ path: 'to', reason: 'an email destination needs at least one address' });
    else if (d.to.length > MAX_RECIPIENTS) errors.push({ path: 'to', reason: `at most ${MAX_RECIPIENTS} addresses` });
    d.to?.forEach((a, i) => {
      if (!EMAIL.test(a) || a.length > 254) errors.push({ path: `to[${i}]`, reason: `"${a.slice(0, 100)}" is not an e-mail address` });
      else {
        const bracketed = /@\[(.*)\]$/.exec(a)?.[1];
        if (bracketed && !net.isIP(bracketed)) errors.push({ path: `to[${i}]`, reason: `"${a.slice(0, 100)}" is not an e-mail address` });
      }
    });
    if (d.secret !== null) errors.push({ path: 'secret', reason: 'only webhook destinations have a secret' });
    return errors;
  }
  if (d.to !== null) errors.push({ path: 'to', reason: `a ${d.type} destination has no recipients (give url)` });
  if (d.url === null) errors.push({ path: 'url', reason: `a ${d.type} destination needs a url` });
  else {
    const problem = urlProblem(d.url, deny);
    if (problem) errors.push({ path: 'url', reason: problem });
  }
  if (d.type === 'webhook') {
    if (d.secret !== null && d.secret.length < MIN_SECRET_LENGTH) errors.push({ path: 'secret', reason: `must be at least ${MIN_SECRET_LENGTH} characters` });
  } else if (d.secret !== null) errors.push({ path: 'secret', reason: 'only webhook destinations have a secret' });
  return errors;
}
