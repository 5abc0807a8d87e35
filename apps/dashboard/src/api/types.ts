// Response and request shapes of the public /api/v1 endpoints: the API's DTOs as openapi.json documents
// them (openapi.gen.ts, generated; npm test fails when it is stale). Where a DTO leaves a JSON document
// open (report facts, evidence), the report contract's own types from libs/contracts narrow it.
import type { Configuration, Evidence, Metrics, MissingFact, Outcome, Remediation, Severity } from '@memfleet/contracts';
import type * as Api from './openapi.gen';

export type { Configuration, Evidence, Metrics, Outcome, Remediation, Severity };

export type WhoAmI = Api.WhoAmIDto;
export type Role = WhoAmI['role'];
export type Problem = Api.ProblemDto;
export type SeverityCounts = Api.SeverityCountsDto;
export type TopRule = Api.TopRuleDto;
export type Summary = Api.SummaryDto;
export type EventBucket = Api.EventBucketDto;
export type FindingEvents = Api.FindingEventsDto;
export type DistributionEntry = Api.DistributionEntryDto;
export type Distributions = Api.DistributionsDto;
export type HostSummary = Api.HostSummaryDto;

/** A cursor page of any list endpoint (hosts, findings). */
export type Page<T> = Omit<Api.HostPageDto, 'items'> & { items: T[] };

export type Finding = Omit<Api.FindingDto, 'evidence' | 'remediation' | 'missing'> & { evidence: Evidence[]; remediation: Remediation[]; missing: MissingFact[] };
export type HistoryEntry = Api.HistoryEntryDto;
export type HostDetail = Omit<Api.HostDetailDto, 'configuration' | 'latestMetrics' | 'findings'> & {
  configuration: Configuration | null;
  latestMetrics: Metrics | null;
  findings: Finding[];
};
export type ReportFacts = Api.ReportFactsDto;
export type RuleThreshold = Api.RuleThresholdDto;
export type Rule = Api.RuleDto;
export type RuleList = Api.RuleListDto;
export type ThresholdPreview = Api.ThresholdPreviewDto;
export type ThresholdsSaved = Api.ThresholdsSavedDto;
export type Reevaluation = Api.ReevaluationDto;
export type Silence = Api.SilenceDto;
export type CreateSilence = Api.CreateSilenceDto;
