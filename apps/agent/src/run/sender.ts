import zlib from 'node:zlib';
import { request, type HttpResponse } from '../net/http-client';
import { problemText } from '../net/problem-text';
import { formatFindings, type FindingLike } from '../output/findings-format';
import type { Io } from '../output/io';
import type { HeldConfiguration } from '../spool/held-configuration';
import type { Spool, SpoolEntry } from '../spool/spool';
import { retryAfterMs } from './backoff';

export interface SenderOptions {
  server: string;
  token: string;
  waitSeconds: number;
  caFile?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export type DrainResult =
  { kind: 'drained'; sent: number } | { kind: 'retry'; sent: number; reason: string; retryAfterMs: number | null } | { kind: 'unauthorized'; reason: string };

export class UnauthorizedError extends Error {}

const CONFIGURATION_REQUIRED = /\/configuration-required$/;
const UNSUPPORTED_VERSION = /\/unsupported-schema-version$/;

/**
 * Sends spooled reports oldest first; stops at the first one the server could not take now. A report goes
 * without its configuration when the server's last 2xx answer said it holds that hash; a 409
 * configuration-required is answered at once with the whole report, under the same Idempotency-Key.
 */
export async function drainSpool(spool: Spool, opts: SenderOptions, io: Io, held: HeldConfiguration): Promise<DrainResult> {
  let sent = 0;
  const server = opts.server.replace(/\/+$/, '');
  const post = (entry: SpoolEntry, body: Buffer) =>
    request(`${server}/api/v1/reports?wait=${opts.waitSeconds}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${opts.token}`,
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        'Idempotency-Key': entry.idempotencyKey,
      },
      body,
      caFile: opts.caFile,
      env: opts.env,
      timeoutMs: opts.timeoutMs ?? (opts.waitSeconds + 30) * 1000,
    });
  for (const entry of spool.list()) {
    let res: HttpResponse;
    try {
      const whole = entry.configurationHash !== held.hashAt(server);
      res = await post(entry, spool.read(entry, whole) ?? spool.read(entry, false)!);
      if (res.status === 409 && !whole && CONFIGURATION_REQUIRED.test(problemType(res.body))) {
        const body = spool.read(entry, true);
        if (!body) {
          io.err(`memfleet-agent: report ${entry.sequence}: the server holds no configuration for it and the spool lost it; dropped\n`);
          spool.remove(entry);
          spool.count('rejected');
          continue;
        }
        held.set(server, null);
        res = await post(entry, body);
      }
      // a server older than this agent: the same report whole, in the version before (no hash)
      if (res.status === 400 && UNSUPPORTED_VERSION.test(problemType(res.body)) && acceptsVersion2(res.body)) {
        const v2 = asVersion2(spool.read(entry, true));
        if (v2) res = await post(entry, v2);
      }
    } catch (err) {
      return { kind: 'retry', sent, reason: (err as Error).message, retryAfterMs: null };
    }
    if (res.status >= 200 && res.status < 300) {
      held.set(server, answerOf(res).configurationHash ?? null);
      spool.remove(entry);
      sent++;
      printAnswer(entry.sequence, res, io);
      continue;
    }
    if (res.status === 401 || res.status === 403) return { kind: 'unauthorized', reason: `${res.status} ${problemText(res.body)}` };
    if (res.status === 400 || res.status === 413 || res.status === 422) {
      // permanent for this report: retrying would block every later one
      io.err(`memfleet-agent: report ${entry.sequence} refused (${res.status}): ${problemText(res.body)}; dropped\n`);
      spool.remove(entry);
      spool.count('rejected');
      continue;
    }
    return { kind: 'retry', sent, reason: `server answered ${res.status}`, retryAfterMs: retryAfterMs(res.headers['retry-after']) };
  }
  return { kind: 'drained', sent };
}

interface Answer {
  reportId?: string;
  status?: string;
  configurationHash?: string;
  findings?: FindingLike[];
}

function answerOf(res: HttpResponse): Answer {
  try {
    const body = JSON.parse(res.body) as Answer | null;
    return body && typeof body === 'object' ? body : {};
  } catch {
    // an empty or non-JSON 2xx still means stored
    return {};
  }
}

function acceptsVersion2(body: string): boolean {
  try {
    const versions = (JSON.parse(body) as { supportedSchemaVersions?: unknown }).supportedSchemaVersions;
    return Array.isArray(versions) && versions.includes(2) && !versions.includes(3);
  } catch {
    return false;
  }
}

/** A whole version 3 body as version 2 posts it: the same facts without the hash. */
function asVersion2(gz: Buffer | null): Buffer | null {
  if (!gz) return null;
  const report = JSON.parse(zlib.gunzipSync(gz).toString('utf8')) as Record<string, unknown>;
  if (report.schemaVersion !== 3 || !('configuration' in report)) return null;
  const { configurationHash: _hash, ...rest } = report;
  return zlib.gzipSync(JSON.stringify({ ...rest, schemaVersion: 2 }));
}

function problemType(body: string): string {
  try {
    return String((JSON.parse(body) as { type?: unknown }).type ?? '');
  } catch {
    return '';
  }
}

function printAnswer(sequence: number, res: HttpResponse, io: Io): void {
  const body = answerOf(res);
  // A settled report changed no rule input: its answer carries the host's findings as an evaluated one does.
  if ((body.status === 'evaluated' || body.status === 'settled') && Array.isArray(body.findings)) {
    io.out(`report ${sequence} (${body.reportId}) evaluated:\n${formatFindings(body.findings)}`);
  } else io.out(`report ${sequence} (${body.reportId ?? '?'}) stored, evaluation ${body.status ?? 'pending'}\n`);
}
