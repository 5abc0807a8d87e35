import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@memfleet/contracts';
import { invalidFields } from './problem.exception';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ path, reason }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** DTO validation whose 400 lists every failing field path and reason. */
export const problemValidationPipe = () =>
  new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    transformOptions: { enableImplicitConversion: true },
    exceptionFactory: (errors) => invalidFields(flatten(errors)),
  });
