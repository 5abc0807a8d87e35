import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { REMEDIATION_EFFECTS, SeveritySchema, type RemediationEffect } from './findings';

// A fleet audit: an immutable snapshot computed in SQL and stored whole (audits.summary), so pruning
// reports never changes it. Lists here are bounded (the first AUDIT_LIST_LIMIT with a total); every hit
// is stored apart (audit_hits) and streamed by the JSON and CSV exports.

/** Hosts listed per remediation, per pattern and per change list in the stored summary (HTML/PDF show these). */
export const AUDIT_LIST_LIMIT = 20;

export const AUDIT_FORMATS = ['json', 'csv', 'html', 'pdf'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export const AUDIT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const LabelMap = (description?: string) => Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' }, description });
const Iso = (description?: string) => Type.String({ format: 'date-time', description });
/** A step's effect; null where the finding was stored before steps carried one. */
const EffectOrNull = (description: string) => Nullable(Type.Unsafe<RemediationEffect>({ type: 'string', enum: [...REMEDIATION_EFFECTS], description }));

export const AuditHostRefSchema = Type.Object({ hostId: Type.String({ format: 'uuid' }), hostname: Type.String() });

/** One hit of a rule on a host × subject, as the audit stored it (one CSV row). */
export const AuditHitSchema = Type.Object(
  {
    hostId: Type.String({ format: 'uuid' }),
    hostname: Type.String(),
    labels: LabelMap(),
    ruleId: Type.String(),
    severity: SeveritySchema,
    subject: Type.String(),
    /** When the current hit began. */
    firstSeenAt: Iso(),
    silenced: Type.Boolean(),
    summary: Type.String(),
    evidenceSummary: Type.String({ description: 'The evidence as "label: value unit; …".' }),
    remediationKey: Nullable(Type.String()),
    remediationText: Nullable(Type.String()),
    remediationEffect: EffectOrNull("The first remediation's effect: fixes, mitigates or diagnoses."),
  },
  { description: 'One hit (host × rule × subject) in the audit.' },
);
export type AuditHit = Static<typeof AuditHitSchema>;

/** One host a remediation applies to (an unsilenced hit offering it): the JSON export lists all of them per key. */
export const AuditRemediationHostSchema = Type.Object(
  {
    key: Type.String(),
    title: Type.String(),
    text: Type.String({ description: "Rendered with the host's own values." }),
    effect: EffectOrNull('What the step does on this host: fixes its cause, mitigates, or diagnoses.'),
    hostId: Type.String({ format: 'uuid' }),
    hostname: Type.String(),
    ruleId: Type.String(),
    subject: Type.String(),
  },
  { description: 'A remediation and one host it applies to.' },
);
export type AuditRemediationHost = Static<typeof AuditRemediationHostSchema>;

const HitRefSchema = Type.Object({
  hostId: Type.String({ format: 'uuid' }),
  hostname: Type.String(),
  ruleId: Type.String(),
  subject: Type.String(),
  severity: SeveritySchema,
  previousSeverity: Type.Optional(Nullable(SeveritySchema)),
});
const Bounded = <T extends TSchema>(item: T, description: string) =>
  Type.Object({ total: Type.Integer({ minimum: 0 }), items: Type.Array(item) }, { description });

export const AuditSummarySchema = Type.Object(
  {
    generatedAt: Iso('The moment the snapshot describes.'),
    scope: LabelMap('Label selector the audit was limited to; {} = the whole fleet.'),
    previousAuditId: Nullable(Type.String({ format: 'uuid', description: 'The audit of the same scope it is compared with.' })),
    fleet: Type.Object({
      total: Type.Integer(),
      reporting: Type.Integer(),
      stale: Type.Integer(),
      retired: Type.Integer(),
    }),
    notEvaluated: Type.Array(Type.Object({ fact: Type.String(), suppliedBy: Type.String(), ruleIds: Type.Array(Type.String()), hosts: Type.Integer() }), {
      description: 'Facts some rule needs that these hosts never send, and what would supply them.',
    }),
    findings: Type.Object({
      totals: Type.Object({ critical: Type.Integer(), warning: Type.Integer(), info: Type.Integer(), silenced: Type.Integer(), hosts: Type.Integer() }),
      byRule: Type.Array(
        Type.Object({
          ruleId: Type.String(),
          title: Type.String(),
          critical: Type.Integer(),
          warning: Type.Integer(),
          info: Type.Integer(),
          silenced: Type.Integer(),
          hosts: Type.Integer({ description: 'Hosts with an unsilenced hit.' }),
        }),
      ),
    }),
    silenced: Bounded(
      Type.Object({
        hostId: Type.String({ format: 'uuid' }),
        hostname: Type.String(),
        ruleId: Type.String(),
        subject: Type.String(),
        severity: SeveritySchema,
        reason: Type.String(),
        author: Type.String(),
        expiresAt: Iso(),
      }),
      'Silenced hits, with the silence that covers each.',
    ),
    changes: Nullable(
      Type.Object(
        {
          since: Iso('generatedAt of the previous audit.'),
          opened: Bounded(HitRefSchema, 'Hits not in the previous audit.'),
          resolved: Bounded(HitRefSchema, 'Hits of the previous audit that are gone.'),
          escalated: Bounded(HitRefSchema, 'Hits that were warning and are critical.'),
          hostsAppeared: Bounded(AuditHostRefSchema, 'Hosts first seen since.'),
          hostsStale: Bounded(AuditHostRefSchema, 'Hosts that went stale since.'),
        },
        { description: 'Null for the first audit of its scope.' },
      ),
    ),
    remediations: Type.Array(
      Type.Object({
        key: Type.String(),
        title: Type.String(),
        effect: Type.Optional(
          EffectOrNull(
            'The hosts listed are those where the step has this effect (one key may fix on some hosts and mitigate on others); absent in audits stored before.',
          ),
        ),
        ruleIds: Type.Array(Type.String()),
        hosts: Bounded(
          Type.Object({ hostId: Type.String({ format: 'uuid' }), hostname: Type.String(), subject: Type.String(), text: Type.String() }),
          'Hosts it applies to.',
        ),
      }),
      { description: 'Per key and effect: the steps that fix first, each ranked by how many hosts it applies to.' },
    ),
    patterns: Type.Array(
      Type.Object({
        ruleId: Type.String(),
        title: Type.String(),
        headline: Type.String({ description: 'The key numbers in words, e.g. "12 gateways at risk of Wasm VM explosion; worst: 2,304 VMs on gw-17".' }),
        hosts: Bounded(
          Type.Object({
            hostId: Type.String({ format: 'uuid' }),
            hostname: Type.String(),
            subject: Type.String(),
            severity: SeveritySchema,
            summary: Type.String(),
          }),
          'The hosts most at risk, worst first.',
        ),
      }),
      { description: 'One section per failure pattern (rule).' },
    ),
    timeToFix: Type.Array(
      Type.Object({
        ruleId: Type.String(),
        resolved: Type.Integer({ description: 'Hits resolved, counted from finding events.' }),
        medianSeconds: Nullable(Type.Number()),
        p90Seconds: Nullable(Type.Number()),
      }),
    ),
    recurrence: Type.Array(
      Type.Object({
        ruleId: Type.String(),
        recurred: Type.Integer({ description: 'Findings that resolved and opened again within 30 days.' }),
        resolved: Type.Integer(),
      }),
    ),
  },
  { description: 'What a fleet audit found, stored whole when it ran.' },
);
export type AuditSummary = Static<typeof AuditSummarySchema>;

/** What starts an audit: an operator (POST /api/v1/audits) or a schedule's tick. */
export interface AuditRequest {
  scope: Record<string, string>;
  trigger: 'manual' | 'schedule';
  scheduleId: string | null;
  /** Who asked: a token's name, or `schedule:<name>`. */
  requestedBy: string;
  formats: AuditFormat[];
  destinationIds: string[];
}

/** Starts an audit run (queued); provided by the audits module, used by the schedules' job. */
export interface AuditStarter {
  start(req: AuditRequest): Promise<{ id: string }>;
}
export const AUDIT_STARTER = Symbol('AUDIT_STARTER');
