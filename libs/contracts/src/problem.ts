import type { FieldError } from './report/validate-report';

/** RFC 9457 problem details: the one error shape of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  supportedSchemaVersions?: readonly number[];
}
