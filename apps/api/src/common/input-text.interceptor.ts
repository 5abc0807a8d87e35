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
      const req = context.switchToHttp().getRequest<Request>();
      const errors = [...checkJsonTree(req.query ?? {}, { root: 'query' }), ...checkJsonTree(req.params ?? {}, { root: 'params' })];
      if (errors.length) throw invalidFields(errors);
    }
    return next.handle();
  }
}
