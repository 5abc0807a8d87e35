import { Type, type Static } from '@sinclair/typebox';
import { ConfigurationSchema } from './configuration.schema';
import { MetricsSchema } from './metrics.schema';
import { Count, Text } from './schema-helpers';

/** Schema versions the server accepts: the current one and, once there is one, the previous. */
export const CURRENT_SCHEMA_VERSION = 1;
export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = [1];

export const CollectionErrorSchema = Type.Object(
  {
    source: Text(256, 'The file or probe, e.g. /proc/1234/environ.'),
    fact: Type.Optional(Text(256, 'The fact left null, e.g. processes[3].env.')),
    error: Text(512),
  },
  { additionalProperties: false },
);

export const ReportSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    /** Per-host, strictly increasing: orders reports regardless of clocks. */
    sequence: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    collectedAt: Type.String({ format: 'date-time', maxLength: 64 }),
    intervalSeconds: Type.Integer({ minimum: 1, maximum: 86400 * 7, description: 'How often this agent reports; stale = missed two intervals.' }),
    agent: Type.Object(
      {
        version: Text(64),
        capabilities: Type.Array(Text(64), { maxItems: 64, description: 'Collectors that ran with the access they need, e.g. proc-environ, kmsg, envoy-admin.' }),
        spool: Type.Optional(
          Type.Object(
            {
              pending: Count('Reports waiting in the on-disk spool when this one was collected.'),
              dropped: Count('Reports dropped (oldest first) because the spool was full, since the state dir was created.'),
              rejected: Count('Reports the server refused permanently (400/413/422).'),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    identity: Type.Object(
      {
        machineId: Type.String({ minLength: 1, maxLength: 64 }),
        dmiProductUuid: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
      },
      { additionalProperties: false },
    ),
    labels: Type.Record(Type.String({ minLength: 1, maxLength: 63, pattern: '^[A-Za-z0-9_.\\-/]+$' }), Text(256), { maxProperties: 64 }),
    configuration: ConfigurationSchema,
    metrics: MetricsSchema,
    collectionErrors: Type.Array(CollectionErrorSchema, { maxItems: 2000 }),
    collectionErrorCount: Type.Optional(Count('Total errors, when the list was truncated.')),
  },
  { additionalProperties: false },
);

export type Report = Static<typeof ReportSchema>;
export type CollectionError = Static<typeof CollectionErrorSchema>;
