import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ConfigurationSchema, ConfigurationSchemaV1 } from './configuration.schema';
import { MetricsSchema, MetricsSchemaV1 } from './metrics.schema';
import { Count, Text, Timestamp } from './schema-helpers';
import { CONFIGURATION_HASH_PATTERN } from './configuration-hash-pattern';
import { REPORT_INTERVAL_SECONDS, SEQUENCE_JUMP_LIMIT } from './limits';
import { LABEL_KEY_PATTERN, LABEL_VALUE_MAX_LENGTH, MAX_LABELS } from '../labels';

/**
 * Schema versions the server accepts: the current one and the previous, so agents can be upgraded after
 * servers. Version 2 moved each process's pid and start time from its configuration to its metrics: a
 * restart is no longer a configuration change. Version 3 carries the same facts and adds
 * `configurationHash`; its configuration may be left out when the server holds that hash for the host.
 */
export const CURRENT_SCHEMA_VERSION = 3;
export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = [3, 2, 1];

export const CollectionErrorSchema = Type.Object(
  {
    source: Text(256, 'The file or probe, e.g. /proc/1234/environ.'),
    fact: Type.Optional(Text(256, 'The fact left null, e.g. processes[3].env.')),
    error: Text(512),
  },
  { additionalProperties: false },
);

const reportProperties = <V extends number, C extends TSchema, M extends TSchema>(version: V, configuration: C, metrics: M) => ({
  schemaVersion: Type.Literal(version),
  /** Per agent instance, strictly increasing: orders reports regardless of clocks. */
  sequence: Type.Integer({
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: `Strictly increasing per agent instance (agent.instanceId); at most ${SEQUENCE_JUMP_LIMIT.toLocaleString('en-US')} ahead of the instance's latest stored report.`,
  }),
  collectedAt: Timestamp(
    "When the agent collected the facts: from 2000-01-01T00:00:00Z to 24 hours after the server's clock, UTC offset within ±14:00, no leap second (:60).",
  ),
  intervalSeconds: Type.Integer({
    minimum: REPORT_INTERVAL_SECONDS.min,
    maximum: REPORT_INTERVAL_SECONDS.max,
    description: 'How often this agent reports; stale = missed two intervals.',
  }),
  agent: Type.Object(
    {
      version: Text(64),
      instanceId: Type.Optional(
        Type.String({
          pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
          maxLength: 36,
          description:
            "A UUID the agent created with its state directory and keeps there. `sequence` orders reports within one instance; a report of another instance starts a new order (a wiped state directory counts from 1 again). Absent: the host's reports are one instance.",
        }),
      ),
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
  // additionalProperties: a key outside the pattern is refused, not taken as an unchecked extra property
  labels: Type.Record(Type.String({ pattern: LABEL_KEY_PATTERN }), Text(LABEL_VALUE_MAX_LENGTH), { maxProperties: MAX_LABELS, additionalProperties: false }),
  configuration,
  metrics,
  collectionErrors: Type.Array(CollectionErrorSchema, { maxItems: 2000 }),
  collectionErrorCount: Type.Optional(Count('Total errors, when the list was truncated.')),
});

/**
 * A report in the shape it is stored and evaluated in: every fact, the configuration included. Version 2
 * reports are posted in it; version 3 and 1 reports are brought to it at ingest.
 */
export const ReportSchema = Type.Object(reportProperties(2, ConfigurationSchema, MetricsSchema), { additionalProperties: false });
/**
 * The current version as an agent posts it: the configuration's hash always, the configuration itself only
 * when the server's last answer did not say it holds that hash for the host (a "metrics-only" report).
 */
export const ReportSchemaV3 = Type.Object(
  {
    ...reportProperties(3, Type.Optional(ConfigurationSchema), MetricsSchema),
    configurationHash: Type.String({
      pattern: CONFIGURATION_HASH_PATTERN,
      maxLength: 64,
      description:
        'Lowercase hex SHA-256 of the configuration in canonical JSON (keys sorted, see libs/contracts configurationHash). Without `configuration`, the server stores the report against the configuration it holds under this hash for the host, or answers 409 configuration-required.',
    }),
  },
  { additionalProperties: false },
);
// Optional (left out of `required`) as the very ConfigurationSchema object, so openapi.json refers to its component.
ReportSchemaV3.properties.configuration = ConfigurationSchema as typeof ReportSchemaV3.properties.configuration;
/** The previous version, still accepted: see upgrade-report.ts. */
export const ReportSchemaV1 = Type.Object(reportProperties(1, ConfigurationSchemaV1, MetricsSchemaV1), { additionalProperties: false });

export type Report = Static<typeof ReportSchema>;
export type ReportV1 = Static<typeof ReportSchemaV1>;
export type ReportV3 = Static<typeof ReportSchemaV3>;
/** A report without its configuration: what a metrics-only version 3 report holds, in the stored shape. */
export type MetricsOnlyReport = Omit<Report, 'configuration'> & { configuration?: undefined };
export type CollectionError = Static<typeof CollectionErrorSchema>;
