import { AlertsRepository } from './alerts.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { DestinationsRepository } from './destinations.repository';
import { ActivityRepository } from './activity.repository';
import { AuditsRepository } from './audits.repository';
import { AuditSchedulesRepository } from './audit-schedules.repository';
import { EnrollSecretsRepository } from './enroll-secrets.repository';
import { EvaluationRepository } from './evaluation.repository';
import { FleetGaugesRepository } from './fleet-gauges.repository';
import { FindingsRepository } from './findings.repository';
import { HealthRepository } from './health.repository';
import { HostsRepository } from './hosts.repository';
import { HousekeepingRunsRepository } from './housekeeping-runs.repository';
import { ReevaluationsRepository } from './reevaluations.repository';
import { ReportPartitionsRepository } from './report-partitions.repository';
import { ReportSamplesRepository } from './report-samples.repository';
import { ReportsRepository } from './reports.repository';
import { SessionsRepository } from './sessions.repository';
import { SettingsRepository } from './settings.repository';
import { SilencesRepository } from './silences.repository';
import { StatsRepository } from './stats.repository';
import { TokensRepository } from './tokens.repository';
import { TracesRepository } from './traces.repository';

export * from './alerts.repository';
export * from './deliveries.repository';
export * from './destinations.repository';
export * from './activity.repository';
export * from './audits.repository';
export * from './audit-schedules.repository';
export * from './enroll-secrets.repository';
export * from './evaluation.repository';
export * from './findings.repository';
export * from './fleet-gauges.repository';
export * from './health.repository';
export * from './hosts.repository';
export * from './housekeeping-runs.repository';
export * from './reevaluations.repository';
export * from './report-partitions.repository';
export * from './report-samples.repository';
export * from './reports.repository';
export * from './sessions.repository';
export * from './settings.repository';
export * from './silences.repository';
export * from './stats.repository';
export * from './tokens.repository';
export * from './traces.repository';
export * from './report-rows';
export type { ExportRow, KeysetCursor, KeysetKind } from './sql-fragments';

/**
 * Every repository: each owns the SQL of one aggregate and is built from the DataSource alone, so Nest
 * lists these as providers (DataSource injected) and plain code calls `new XRepository(ds)`.
 */
export const REPOSITORIES = [
  AlertsRepository,
  DeliveriesRepository,
  DestinationsRepository,
  ActivityRepository,
  AuditsRepository,
  AuditSchedulesRepository,
  EnrollSecretsRepository,
  EvaluationRepository,
  FindingsRepository,
  FleetGaugesRepository,
  HealthRepository,
  HostsRepository,
  HousekeepingRunsRepository,
  ReevaluationsRepository,
  ReportPartitionsRepository,
  ReportSamplesRepository,
  ReportsRepository,
  SessionsRepository,
  SettingsRepository,
  SilencesRepository,
  StatsRepository,
  TokensRepository,
  TracesRepository,
] as const;
