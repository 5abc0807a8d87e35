// Shapes of the audit, schedule, destination and activity endpoints: the API's DTOs as openapi.json documents
// them (openapi.gen.ts, generated), plus the value lists the forms offer. The stored audit is the contract's
// AuditSummary, which the DTO documents from the same schema.
import type { AuditFormat, AuditStatus, AuditSummary } from '@memfleet/contracts';
import type { components } from './openapi.gen';

export { ACTIVITY_ACTIONS } from '@memfleet/contracts/activity';
export type { AuditFormat, AuditStatus, AuditSummary };

type Schemas = components['schemas'];

/** The contract's AUDIT_FORMATS; repeated as a value so the bundle does not pull in TypeBox. */
export const AUDIT_FORMATS: readonly AuditFormat[] = ['json', 'csv', 'html', 'pdf'];

export type LabelScope = Record<string, string>;

export type AuditTotals = Schemas['AuditTotalsDto'];
export type AuditItem = Omit<Schemas['AuditItemDto'], 'status'> & { status: AuditStatus };
export type AuditDetail = AuditItem & { summary: AuditSummary | null };
export type AuditStarted = Schemas['StartedAuditDto'];

export type AuditSchedule = Schemas['AuditScheduleDto'];
export type AuditScheduleInput = Pick<AuditSchedule, 'name' | 'cron' | 'timeZone' | 'scope' | 'formats' | 'destinationIds' | 'enabled'>;

export const DESTINATION_TYPES = ['webhook', 'slack', 'alertmanager', 'email'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

export type Destination = Schemas['DestinationDto'];
/** The POST answer: `secret` only when the server generated one, shown once. */
export type DestinationCreated = Schemas['CreatedDestinationDto'];
export type DestinationInput = Schemas['UpdateDestinationDto'] & { type?: DestinationType; secret?: string };

export const DELIVERY_STATUSES = ['pending', 'delivered', 'retrying', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type Delivery = Schemas['DeliveryDto'];

export type ActivityEntry = Schemas['ActivityDto'];

export type TraceItem = Schemas['TraceItemDto'];
export type TraceDetail = Schemas['TraceDetailDto'];
export type TraceAnalysis = Schemas['TraceAnalysisDto'];
export type TraceModelResult = Schemas['TraceModelResultDto'];
export type TraceUploaded = Schemas['UploadedTraceDto'];
