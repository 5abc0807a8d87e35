import { request, type HttpResponse } from '../net/http-client';
import { problemText } from '../net/problem-text';
import { formatFindings, type FindingLike } from '../output/findings-format';
import type { Io } from '../output/io';
import type { Spool } from '../spool/spool';
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

/** Sends spooled reports oldest first; stops at the first one the server could not take now. */
export async function drainSpool(spool: Spool, opts: SenderOptions, io: Io): Promise<DrainResult> {
  let sent = 0;
  for (const entry of spool.list()) {
    let res: HttpResponse;
    try {
      res = await request(`${opts.server.replace(/\/+$/, '')}/api/v1/reports?wait=${opts.waitSeconds}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${opts.token}`,
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
          'Idempotency-Key': entry.idempotencyKey,
        },
        body: spool.read(entry),
        caFile: opts.caFile,
        env: opts.env,
        timeoutMs: opts.timeoutMs ?? (opts.waitSeconds + 30) * 1000,
      });
    } catch (err) {
      return { kind: 'retry', sent, reason: (err as Error).message, retryAfterMs: null };
    }
    if (res.status >= 200 && res.status < 300) {
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

function printAnswer(sequence: number, res: HttpResponse, io: Io): void {
  let body: { reportId?: string; status?: string; findings?: FindingLike[] } = {};
  try {
    body = JSON.parse(res.body) as typeof body;
  } catch {
    // an empty or non-JSON 2xx still means stored
  }
  if (body.status === 'evaluated' && Array.isArray(body.findings)) {
    io.out(`report ${sequence} (${body.reportId}) evaluated:\n${formatFindings(body.findings)}`);
  } else io.out(`report ${sequence} (${body.reportId ?? '?'}) stored, evaluation ${body.status ?? 'pending'}\n`);
}
