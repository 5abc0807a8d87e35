import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { DeliveryFailure } from './delivery-failure';
import { literalAddress, type DenyList } from './deny-list';

export const SEND_TIMEOUT_MS = 10_000;
const LOOKUP_TIMEOUT_MS = 5_000;
const BODY_PREVIEW = 300;

export interface OutboundOptions {
  deny: DenyList;
  timeoutMs?: number;
}

/** The addresses `url` reaches, each checked against the deny list; the connection then uses exactly these. */
async function checkedAddresses(url: URL, deny: DenyList): Promise<{ address: string; family: number }[]> {
  const literal = literalAddress(url);
  let found: { address: string; family: number }[];
  if (literal) found = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  else {
    try {
      // getaddrinfo has no timeout of its own.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${LOOKUP_TIMEOUT_MS / 1000} s`)), LOOKUP_TIMEOUT_MS);
      });
      try {
        found = await Promise.race([dns.lookup(url.hostname, { all: true, verbatim: true }), timeout]);
      } finally {
        clearTimeout(timer);
      }
    } catch (err) {
      throw new DeliveryFailure(`cannot resolve ${url.hostname}: ${(err as Error).message}`, false);
    }
  }
  for (const a of found) {
    const cidr = deny.refusing(a.address);
    if (cidr) throw new DeliveryFailure(`refused: ${url.hostname} is ${a.address}, in MEMFLEET_DESTINATION_DENY_CIDRS (${cidr})`, true);
  }
  if (!found.length) throw new DeliveryFailure(`cannot resolve ${url.hostname}: no address`, false);
  return found;
}

/**
 * POSTs a JSON body. Only http(s); the host name is resolved and every address checked against the deny
 * list before connecting to one of those same addresses (no second lookup an attacker's DNS could answer
 * differently); redirects are not followed; the whole exchange has a deadline. A 2xx is success; anything
 * else throws a DeliveryFailure naming the status (and a redirect's target).
 */
export async function postJson(target: string, body: string, headers: Record<string, string>, opts: OutboundOptions): Promise<number> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new DeliveryFailure(`not a URL: ${target}`, true);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DeliveryFailure(`only http and https URLs are sent to, not ${url.protocol}`, true);
  const addresses = await checkedAddresses(url, opts.deny);
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  const timeoutMs = opts.timeoutMs ?? SEND_TIMEOUT_MS;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'memfleet', ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < BODY_PREVIEW) chunks.push(c);
          size += c.length;
        });
        res.on('error', (err) => reject(new DeliveryFailure(`response from ${url.host} broke off: ${err.message}`, false, res.statusCode ?? null)));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const preview = Buffer.concat(chunks).toString('utf8').slice(0, BODY_PREVIEW).replace(/\s+/g, ' ').trim();
          if (status >= 200 && status < 300) return resolve(status);
          if (status >= 300 && status < 400)
            return reject(new DeliveryFailure(`HTTP ${status}: redirect to ${res.headers.location ?? '(no Location)'} not followed`, true, status));
          const retryable = status >= 500 || status === 408 || status === 429;
          reject(new DeliveryFailure(`HTTP ${status}${preview ? `: ${preview}` : ''}`, !retryable, status));
        });
      },
    );
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('close', () => clearTimeout(deadline));
    req.on('error', (err) => reject(err instanceof DeliveryFailure ? err : new DeliveryFailure(`${url.host}: ${err.message}`, false)));
    req.end(body);
  });
}
