import { HttpException } from '@nestjs/common';
import type { FieldError, Problem } from '@memfleet/contracts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemType(slug: string): string {
  return `https://memfleet.dev/problems/${slug}`;
}

/** Throws an RFC 9457 problem with a stable type slug. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    slug: string,
    detail: string,
    extra: Partial<Problem> = {},
    /** Sent as Retry-After (429, 503): when the client may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    const body: Problem = { type: problemType(slug), title: TITLES[status] ?? 'Error', status, detail, ...extra };
    super(body, status);
  }
}

export const invalidFields = (errors: FieldError[], detail = 'The request has invalid fields.') =>
  new ProblemException(400, 'invalid-fields', detail, { errors });
