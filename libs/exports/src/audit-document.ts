import { Type, type Static } from '@sinclair/typebox';
import { AuditHitSchema, AuditRemediationHostSchema, AuditSummarySchema } from '@memfleet/contracts';

/** Who ran an audit and when: the audit row's columns that every export carries beside the summary. */
export const AuditExportMetaSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  createdAt: Type.String({ format: 'date-time' }),
  requestedBy: Type.String({ description: "A token's name, or `schedule:<name>`." }),
  trigger: Type.Union([Type.Literal('manual'), Type.Literal('schedule')]),
  scope: Type.Unsafe<Record<string, string>>({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Label selector; {} = the whole fleet.',
  }),
});
export type AuditExportMeta = Static<typeof AuditExportMetaSchema>;

/** The JSON export of an audit: its meta, the stored summary, every hit, and every host per remediation. */
export const AuditDocumentSchema = Type.Object(
  {
    ...AuditExportMetaSchema.properties,
    summary: AuditSummarySchema,
    hits: Type.Array(AuditHitSchema, { description: 'Every hit, silenced ones included.' }),
    remediationHosts: Type.Array(AuditRemediationHostSchema, {
      description: 'Every host each remediation applies to, by key (the summary lists the first 20 per remediation).',
    }),
  },
  { additionalProperties: false, description: 'A fleet audit as exported with ?format=json.' },
);
export type AuditDocument = Static<typeof AuditDocumentSchema>;

/** The document's JSON Schema (draft 2020-12) as plain JSON, for validators and for publishing. */
export const AUDIT_DOCUMENT_JSON_SCHEMA: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://memfleet.dev/schemas/audit-export.json',
  title: 'memfleet fleet audit export',
  ...(JSON.parse(JSON.stringify(AuditDocumentSchema)) as Record<string, unknown>),
};
