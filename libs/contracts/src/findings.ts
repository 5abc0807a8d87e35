import { Type, type Static, type TSchema } from '@sinclair/typebox';

// What a rule returns, as TypeBox schemas: the types below are derived from them, and the API documents
// its finding DTOs with these same schemas (apps/api/src/common/contract-dto.ts). Enums are plain
// `enum` keywords and maps `additionalProperties`, the forms OpenAPI client generators read best.

const StringEnum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });

/** The four outcomes are kept apart everywhere: API, dashboard, audits. */
export const OUTCOMES = ['hit', 'pass', 'not-applicable', 'not-evaluated'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OutcomeSchema = StringEnum(OUTCOMES);

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };
export const SeveritySchema = StringEnum(SEVERITIES);

export const EVIDENCE_UNITS = ['bytes', 'count', 'cpus', 'seconds', 'ratio', 'bits', 'percent', 'bytes/s', 'bytes/h', 'flag', 'text'] as const;
export type EvidenceUnit = (typeof EVIDENCE_UNITS)[number];

const NumberMap = (description?: string) => Type.Unsafe<Record<string, number>>({ type: 'object', additionalProperties: { type: 'number' }, description });
const ArrayOf = <T extends TSchema>(items: T, description?: string) => Type.Array(items, { description });

export const EvidenceSchema = Type.Object(
  {
    key: Type.String(),
    label: Type.String(),
    value: Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()]),
    unit: StringEnum(EVIDENCE_UNITS),
  },
  { description: 'One number or setting a rule compared.' },
);
export type Evidence = Static<typeof EvidenceSchema>;

export const REMEDIATION_EFFECTS = ['fixes', 'mitigates', 'diagnoses'] as const;
export type RemediationEffect = (typeof REMEDIATION_EFFECTS)[number];

export const RemediationSchema = Type.Object({
  key: Type.String({ description: 'Stable across rule versions, e.g. `envoy.set-concurrency`; audits rank fixes by it.' }),
  title: Type.String(),
  text: Type.String({ description: "Rendered with the host's own values." }),
  commands: Type.Optional(ArrayOf(Type.String())),
  source: Type.Optional(Type.String()),
  effect: StringEnum(
    REMEDIATION_EFFECTS,
    "fixes: removes this host's cause on its own; mitigates: lowers the risk or buys time, the cause stays; diagnoses: finds the cause, changes nothing on the host.",
  ),
  template: Type.Optional(
    Type.Boolean({ description: 'A command holds a part the agent does not know, in capitals (UNIT); the text says what to put there.' }),
  ),
});
export type Remediation = Static<typeof RemediationSchema>;

export const MissingFactSchema = Type.Object({
  fact: Type.String(),
  suppliedBy: Type.String({ description: 'What would supply it: an agent capability or a runtimes.d declaration.' }),
});
export type MissingFact = Static<typeof MissingFactSchema>;

export const RuleResultSchema = Type.Object(
  {
    ruleId: Type.String(),
    ruleVersion: Type.Number(),
    subject: Type.String({ description: 'Stable process key; empty for host-level rules.' }),
    outcome: OutcomeSchema,
    severity: Type.Union([SeveritySchema, Type.Null()]),
    summary: Type.String(),
    evidence: ArrayOf(EvidenceSchema),
    remediation: ArrayOf(RemediationSchema),
    missing: Type.Optional(ArrayOf(MissingFactSchema, 'Facts the rule needed and did not get (outcome not-evaluated).')),
    thresholds: Type.Optional(NumberMap('Thresholds the rule used for this result.')),
  },
  { description: 'What a rule returns for one subject.' },
);
export type RuleResult = Static<typeof RuleResultSchema>;
