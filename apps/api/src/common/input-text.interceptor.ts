import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { checkJsonTree } from '@memfleet/contracts';
import { invalidFields } from './problem.exception';

/**
 * The query string and path parameters of every route hold only text PostgreSQL can store (no U+0000,
 * no lone surrogate), so no filter reaches a statement with one. Bodies are checked as they are parsed
 * (json-body.ts).
 */
@Injectable()
export class InputTextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      checkRequestText(context.switchToHttp().getRequest<Request>());
    }
    return next.handle();
  }
}

/** The interceptor's check, for a route served outside Nest's router (the raw report route). */
export function checkRequestText(req: Pick<Request, 'query' | 'params'>): void {
  const errors = [...checkJsonTree(req.query ?? {}, { root: 'query' }), ...checkJsonTree(req.params ?? {}, { root: 'params' })];
  if (errors.length) throw invalidFields(errors);
}
