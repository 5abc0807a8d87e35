// Response and request shapes of the public /api/v1 endpoints: the API's DTOs as openapi.json documents
// them (openapi.gen.ts, generated; npm test fails when it is stale). Where a DTO leaves a JSON document
// open (report facts), the report contract's own types from libs/contracts narrow it.
import type { Configuration, Evidence, Metrics, Outcome, Remediation, Severity } from '@memfleet/contracts';
import type { components } from './openapi.gen';

export type { Configuration, Evidence, Metrics, Outcome, Remediation, Severity };

type Schemas = components['schemas'];

export type WhoAmI = Schemas['WhoAmIDto'];
export type CurrentSession = Schemas['CurrentSessionDto'];
export type SignInOptions = Schemas['SignInOptionsDto'];
export type OpenSession = Schemas['SessionListItemDto'];
export type Role = WhoAmI['role'];
export type Problem = Schemas['ProblemDto'];
export type SeverityCounts = Schemas['SeverityCountsDto'];
export type TopRule = Schemas['TopRuleDto'];
export type Summary = Schemas['SummaryDto'];
export type EventBucket = Schemas['EventBucketDto'];
export type FindingEvents = Schemas['FindingEventsDto'];
export type DistributionEntry = Schemas['DistributionEntryDto'];
export type Distributions = Schemas['DistributionsDto'];
export type HostSummary = Schemas['HostSummaryDto'];
export type RuntimeVersion = Schemas['RuntimeVersionDto'];
export type RuntimeInventoryPage = Schemas['RuntimeInventoryPageDto'];

/** A cursor page of any list endpoint (hosts, findings). */
export type Page<T> = Omit<Schemas['HostPageDto'], 'items'> & { items: T[] };

export type Finding = Schemas['FindingDto'];
export type HistoryEntry = Schemas['HistoryEntryDto'];
export type HostDetail = Schemas['HostDetailDto'];
export type ReportFacts = Schemas['ReportFactsDto'];
export type HostHistory = Schemas['HostHistoryDto'];
export type HostHistorySeries = Schemas['HistorySeriesDto'];
export type RuleThreshold = Schemas['RuleThresholdDto'];
export type Rule = Schemas['RuleDto'];
export type RuleList = Schemas['RuleListDto'];
export type ThresholdValues = Schemas['ThresholdValuesDto'];
export type ThresholdPreview = Schemas['ThresholdPreviewDto'];
export type ThresholdsSaved = Schemas['ThresholdsSavedDto'];
export type Reevaluation = Schemas['ReevaluationDto'];
export type Silence = Schemas['SilenceDto'];
export type CreateSilence = Schemas['CreateSilenceDto'];
export type ApiToken = Schemas['TokenDto'];
export type CreatedApiToken = Schemas['CreatedTokenDto'];
export type EnrollSecret = Schemas['EnrollSecretDto'];
export type CreatedEnrollSecret = Schemas['CreatedEnrollSecretDto'];
export type AgentToken = Schemas['AgentTokenDto'];
export type ReenrollGrant = Schemas['ReenrollGrantDto'];
