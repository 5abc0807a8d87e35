import { Logger } from '@nestjs/common';
import type { NextFunction, RequestHandler, Response } from 'express';
import type { AccessRequest } from '../auth/bearer';
import { ProblemException } from '../common/problem.exception';
import { shedMark } from './shed-mark';

export interface IngestAdmissionOptions {
  /** Report posts one process holds in progress (body read, validated, being stored) at once. */
  maxPending: number;
  inProgress?: { inc(): void; dec(): void };
}

/** A shed post is logged at debug (requestLogLevel); one summary line every SUMMARY_MS says how many. */
const SUMMARY_MS = 10_000;

/** Retry-After of 5–15 s, jittered so shed agents do not all come back together. */
const jittered = (): number => 5 + Math.floor(Math.random() * 11);

/**
 * Admission control for report posts, after the token check and before the body is read: past `maxPending`
 * posts in progress, a post is answered 503 `overloaded` with Retry-After, its body never inflated or
 * parsed. This bounds the bodies a process holds and the work it commits to; it does not make a saturated
 * machine faster (bench:ingest). The agent keeps a shed report and sends it again after Retry-After
 * (nothing is stored, so nothing is lost or doubled).
 */
export function ingestAdmission(opts: IngestAdmissionOptions): RequestHandler {
  const logger = new Logger('reports');
  let pending = 0;
  let shedSinceSummary = 0;
  let lastSummary = 0;

  const shed = (res: Response): ProblemException => {
    shedSinceSummary++;
    const now = Date.now();
    if (now - lastSummary >= SUMMARY_MS) {
      logger.warn(
        `overloaded: ${shedSinceSummary} report post(s) answered 503 since the last line (${opts.maxPending} in progress, MEMFLEET_INGEST_MAX_PENDING)`,
      );
      shedSinceSummary = 0;
      lastSummary = now;
    }
    (res as Response & { [shedMark]?: boolean })[shedMark] = true;
    return new ProblemException(
      503,
      'overloaded',
      `This server is storing ${opts.maxPending} reports already; nothing was stored. Send the report again after Retry-After.`,
      {},
      jittered(),
    );
  };

  return (req: AccessRequest, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || req.path !== '/api/v1/reports' || !req.tokenCheck?.result.ok) return next();
    if (pending >= opts.maxPending) return next(shed(res));
    pending++;
    opts.inProgress?.inc();
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      pending--;
      opts.inProgress?.dec();
    };
    res.once('finish', leave);
    res.once('close', leave);
    next();
  };
}
