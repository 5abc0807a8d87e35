import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { Type } from '@sinclair/typebox';
import type { FieldError } from '../problem';
import { isCpuList, MAX_CPUS } from '../cpu-list';
import { labelKeyProblem } from '../labels';
import { COLLECTED_AT_WINDOW, parseTimestamp, timestampProblem } from '../timestamp';
import { CPU_LIST_FORMAT } from './schema-helpers';
import { configurationHash } from './configuration-hash';
import {
  ReportSchema,
  ReportSchemaV1,
  ReportSchemaV3,
  SUPPORTED_SCHEMA_VERSIONS,
  type MetricsOnlyReport,
  type Report,
  type ReportV1,
  type ReportV3,
} from './report.schema';
import { upgradeReportV1 } from './upgrade-report';

export type ReportValidation =
  /**
   * `report` is in the stored shape; `receivedVersion` is the version the body declared. `configurationHash`
   * is the hash a version 3 report declared, checked against its configuration when it carried one; null for
   * versions 1 and 2.
   */
  | { ok: true; full: true; report: Report; receivedVersion: number; configurationHash: string | null }
  /** A version 3 report without its configuration: stored against the one the server holds under the hash. */
  | { ok: true; full: false; report: MetricsOnlyReport; receivedVersion: 3; configurationHash: string }
  | { ok: false; kind: 'schema-version'; supported: readonly number[]; got: unknown }
  | { ok: false; kind: 'invalid'; errors: FieldError[] };

// The fast compilations stop at the first error (the common, valid case pays least); only a failing
// report is validated again to list every error. `known` skips a configuration whose exact text was
// validated before: most reports repeat their host's configuration.
type ValidatorKind = 'fast' | 'full' | 'known';
const SCHEMAS = { 1: ReportSchemaV1, 2: ReportSchema, 3: ReportSchemaV3 } as const;
type Version = keyof typeof SCHEMAS;
const compiled = new Map<string, ValidateFunction>();
function validator(version: Version, kind: ValidatorKind): ValidateFunction {
  let v = compiled.get(`${version}:${kind}`);
  if (!v) {
    const schema = SCHEMAS[version];
    // verbose: a failing format keeps its value, so the error can say why (timestampProblem)
    const ajv = new Ajv({ allErrors: kind === 'full', verbose: kind === 'full', strict: false, coerceTypes: false, useDefaults: false });
    // the contract's only date-time is collectedAt; its window is checked at each validation
    ajv.addFormat('date-time', { type: 'string', validate: (s: string) => parseTimestamp(s, COLLECTED_AT_WINDOW).ok });
    ajv.addFormat(CPU_LIST_FORMAT, { type: 'string', validate: isCpuList });
    const anyObject = Type.Object({});
    const knownConfiguration = Type.Object(
      { ...schema.properties, configuration: version === 3 ? Type.Optional(anyObject) : anyObject },
      { additionalProperties: false },
    );
    v = ajv.compile(kind === 'known' ? knownConfiguration : schema);
    compiled.set(`${version}:${kind}`, v);
  }
  return v;
}

function toPath(instancePath: string): string {
  if (!instancePath) return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

function toFieldError(e: ErrorObject): FieldError {
  const base = toPath(e.instancePath);
  const join = (child: string) => (base ? `${base}.${child}` : child);
  switch (e.keyword) {
    case 'required':
      return { path: join(String(e.params.missingProperty)), reason: 'is required' };
    case 'additionalProperties':
      // labels are a map: an unknown key there is a bad label key, not an unknown field
      return {
        path: join(String(e.params.additionalProperty)),
        reason: e.instancePath === '/labels' ? (labelKeyProblem(String(e.params.additionalProperty)) ?? 'is not a label key') : 'is not a known field',
      };
    case 'format':
      if (e.params.format === CPU_LIST_FORMAT)
        return { path: base, reason: `must be a CPU list such as 0-3,8 with CPU ids below ${MAX_CPUS}, naming at most ${MAX_CPUS} in all` };
      if (e.params.format === 'date-time') return { path: base, reason: timestampProblem(e.data, COLLECTED_AT_WINDOW) ?? 'must be an RFC 3339 date-time' };
      return { path: base || '(root)', reason: e.message ?? e.keyword };
    default:
      return { path: base || '(root)', reason: e.message ?? e.keyword };
  }
}

/** Union branches (nullable facts) make ajv report one error per branch; keep one line per path. */
function dedupe(errors: FieldError[]): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const e of errors) {
    const prev = byPath.get(e.path);
    if (!prev || (prev.reason.startsWith('must match') && !e.reason.startsWith('must match'))) byPath.set(e.path, e);
    else if (prev.reason !== e.reason && !e.reason.startsWith('must match') && !prev.reason.includes(e.reason)) {
      prev.reason = `${prev.reason}; or ${e.reason}`;
    }
  }
  return [...byPath.values()];
}

/**
 * Validates a report. With `configurationValidated`, the caller vouches that this configuration passed
 * validation before — for versions 1 and 2 its exact JSON text, for version 3 its declared hash is one the
 * server holds for the host — and only the rest is checked. A version 3 configuration is always checked
 * against its declared hash (the hash is what the server stores it under).
 */
export function validateReport(body: unknown, configurationValidated = false): ReportValidation {
  const version = body && typeof body === 'object' ? (body as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (!SUPPORTED_SCHEMA_VERSIONS.includes(version as number)) {
    if (version === undefined) return { ok: false, kind: 'invalid', errors: [{ path: 'schemaVersion', reason: 'is required' }] };
    return { ok: false, kind: 'schema-version', supported: SUPPORTED_SCHEMA_VERSIONS, got: version };
  }
  const v = version as Version;
  if (validator(v, configurationValidated ? 'known' : 'fast')(body)) {
    if (v === 3) return version3(body as ReportV3);
    return { ok: true, full: true, report: v === 2 ? (body as Report) : upgradeReportV1(body as ReportV1), receivedVersion: v, configurationHash: null };
  }
  const validate = validator(v, 'full');
  validate(body);
  return { ok: false, kind: 'invalid', errors: dedupe((validate.errors ?? []).map(toFieldError)).slice(0, 200) };
}

function version3(body: ReportV3): ReportValidation {
  const { configurationHash: declared, configuration, schemaVersion: _v, ...rest } = body;
  if (configuration === undefined) return { ok: true, full: false, report: { ...rest, schemaVersion: 2 }, receivedVersion: 3, configurationHash: declared };
  const actual = configurationHash(configuration);
  if (actual !== declared)
    return { ok: false, kind: 'invalid', errors: [{ path: 'configurationHash', reason: `does not match the configuration (expected ${actual})` }] };
  return { ok: true, full: true, report: { ...rest, schemaVersion: 2, configuration }, receivedVersion: 3, configurationHash: declared };
}
