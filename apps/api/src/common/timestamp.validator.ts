import { registerDecorator, type ValidationOptions } from 'class-validator';
import { STORABLE_WINDOW, timestampProblem, type TimestampWindow } from '@memfleet/contracts';

/** An RFC 3339 date-time PostgreSQL and JavaScript both hold (libs/contracts/src/timestamp.ts); the message says why not. */
export function IsTimestamp(window: TimestampWindow = STORABLE_WINDOW, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTimestamp',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => timestampProblem(value, window) === null,
        defaultMessage: (args) => `${args?.property} ${timestampProblem(args?.value, window) ?? 'must be a date-time'}`,
      },
    });
}
