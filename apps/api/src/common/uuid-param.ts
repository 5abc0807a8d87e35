import { ParseUUIDPipe } from '@nestjs/common';
import { invalidFields } from './problem.exception';

export const uuidParam = (name: string) => new ParseUUIDPipe({ exceptionFactory: () => invalidFields([{ path: name, reason: 'must be a UUID' }]) });
