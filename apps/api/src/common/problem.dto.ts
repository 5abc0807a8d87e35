/** A failing field of a request. */
export class FieldErrorDto {
  /** JSON path, e.g. `configuration.processes[2].pid`. */
  path: string;
  reason: string;
}

/** RFC 9457 problem details (application/problem+json). */
export class ProblemDto {
  /** A URI naming the kind of problem, stable across versions. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The request path. */
  instance?: string;
  /** Matches the `reqId` of the server's log lines. */
  requestId?: string;
  /** Every failing field, for validation errors. */
  errors?: FieldErrorDto[];
  /** On an unknown schemaVersion. */
  supportedSchemaVersions?: number[];
}
