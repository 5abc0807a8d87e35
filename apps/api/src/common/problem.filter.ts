import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Problem } from '@memfleet/contracts';
import { MemfleetMetrics } from '@memfleet/platform';
import { databaseUnavailable } from './database-unavailable';
import { ProblemException, problemType } from './problem.exception';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

/** The one error shape: every error leaves as application/problem+json with the request id. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(private readonly metrics: MemfleetMetrics) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const unavailable = databaseUnavailable(exception);
    const problem = unavailable?.problem ?? this.toProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    problem.requestId = req.id;
    if (req.method === 'POST' && req.path === '/api/v1/reports') this.metrics.reportsRejected.inc({ status: String(problem.status) });
    if (unavailable) this.logger.warn({ err: (exception as Error).message, requestId: req.id }, 'database unavailable; answered 503');
    // 503 overloaded is admission control at work (ingestAdmission logs a summary), not a defect
    else if (problem.status >= 500 && problem.status !== 503) this.logger.error({ err: exception, requestId: req.id }, 'unhandled error');
    if (res.headersSent) return;
    if (unavailable) res.setHeader('Retry-After', String(unavailable.retryAfterSeconds));
    else if (exception instanceof ProblemException && exception.retryAfterSeconds) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body && 'type' in body && 'status' in body) return { ...(body as Problem) };
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const detail = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
      return { type: problemType(status === 404 ? 'not-found' : 'http-error'), title: exception.name.replace(/Exception$/, ''), status, detail };
    }
    const bp = exception as BodyParserError;
    if (bp && typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500 && typeof bp.type === 'string') {
      switch (bp.type) {
        case 'entity.too.large':
          return {
            type: problemType('body-too-large'),
            title: 'Payload Too Large',
            status: 413,
            detail: `The body exceeds the limit of ${(bp as { limit?: number }).limit ?? '?'} bytes after decompression.`,
          };
        case 'entity.parse.failed':
          return { type: problemType('malformed-json'), title: 'Bad Request', status: 400, detail: `The body is not valid JSON: ${bp.message ?? ''}`.trim() };
        case 'encoding.failed':
          return { type: problemType('bad-gzip'), title: 'Bad Request', status: 400, detail: 'The body is not valid gzip or deflate data.' };
        case 'encoding.unsupported':
          return {
            type: problemType('unsupported-encoding'),
            title: 'Unsupported Media Type',
            status: 415,
            detail: bp.message ?? 'Unsupported Content-Encoding; use gzip or identity.',
          };
        default:
          return { type: problemType('bad-body'), title: 'Bad Request', status: 400, detail: bp.message ?? 'The body could not be read.' };
      }
    }
    // zlib errors from a corrupt gzip body surface without a body-parser type.
    const code = (exception as { code?: string })?.code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      return { type: problemType('bad-gzip'), title: 'Bad Request', status: 400, detail: 'The body is not valid gzip.' };
    }
    return {
      type: problemType('internal'),
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; the request id identifies it in the logs.',
    };
  }
}
