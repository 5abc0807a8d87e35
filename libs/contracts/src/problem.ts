import { Type, type Static } from '@sinclair/typebox';

// The one error shape of the API, as TypeBox schemas: the types are derived from them and the API
// documents ProblemDto with them. Open objects: RFC 9457 lets a problem carry extension members.

export const FieldErrorSchema = Type.Object(
  {
    path: Type.String({ description: 'JSON path of the failing field, e.g. `configuration.processes[2].pid`.' }),
    reason: Type.String(),
  },
  { description: 'A failing field of a request.' },
);
export type FieldError = Static<typeof FieldErrorSchema>;

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem, stable across versions.' }),
    title: Type.String(),
    status: Type.Number(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String({ description: 'The request path.' })),
    requestId: Type.Optional(Type.String({ description: "Matches the `reqId` of the server's log lines." })),
    errors: Type.Optional(Type.Array(FieldErrorSchema, { description: 'Every failing field, for validation errors.' })),
    hostId: Type.Optional(Type.String({ description: 'On host-already-enrolled: the host this machine is enrolled as.' })),
    configurationHash: Type.Optional(
      Type.String({ description: 'On configuration-required: the hash of the configuration the server does not hold for the host.' }),
    ),
    supportedSchemaVersions: Type.Optional(Type.Unsafe<readonly number[]>(Type.Array(Type.Number(), { description: 'On an unknown schemaVersion.' }))),
  },
  { description: 'RFC 9457 problem details (application/problem+json).' },
);
export type Problem = Static<typeof ProblemSchema>;
