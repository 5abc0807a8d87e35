import type { JobName } from '@memfleet/contracts';
import type { JobHandler } from '../queue/job-queue';

export const ON_JOB = 'memfleet:on-job';

/**
 * Marks a provider's method as the handler of one job. The type ties the method to the job's payload;
 * the JobRunner finds every marked method at start and refuses to run unless each job has exactly one.
 */
export function OnJob<N extends JobName>(name: N) {
  return <T extends JobHandler<N>>(_target: object, _key: string | symbol, descriptor: TypedPropertyDescriptor<T>): void => {
    Reflect.defineMetadata(ON_JOB, name, descriptor.value!);
  };
}
