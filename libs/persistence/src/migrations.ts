import { InitialSchema1763870400000 } from '../../../migrations/1763870400000-InitialSchema';
import { SilencesAndReevaluations1763874000000 } from '../../../migrations/1763874000000-SilencesAndReevaluations';
import { FindingHitsIndex1763877600000 } from '../../../migrations/1763877600000-FindingHitsIndex';
import { ReportHistorySamples1763964000000 } from '../../../migrations/1763964000000-ReportHistorySamples';
import { HotHostUpdates1763967600000 } from '../../../migrations/1763967600000-HotHostUpdates';
import { FindingEventsCoveringIndex1763971200000 } from '../../../migrations/1763971200000-FindingEventsCoveringIndex';
import { FindingEventsEscalationIndex1764655200000 } from '../../../migrations/1764655200000-FindingEventsEscalationIndex';
import { OverviewTotalsIndexes1764662400000 } from '../../../migrations/1764662400000-OverviewTotalsIndexes';
import { InventoryDiff1764748800000 } from '../../../migrations/1764748800000-InventoryDiff';
import { ReportsReceivedIndex1763974800000 } from '../../../migrations/1763974800000-ReportsReceivedIndex';
import { ProcessIdsInMetrics1764061200000 } from '../../../migrations/1764061200000-ProcessIdsInMetrics';
import { HousekeepingRuns1764064800000 } from '../../../migrations/1764064800000-HousekeepingRuns';
import { ReportInstances1764151200000 } from '../../../migrations/1764151200000-ReportInstances';
import { FailedReportRetries1764152100000 } from '../../../migrations/1764152100000-FailedReportRetries';
import { ApiTokenExpiry1764154800000 } from '../../../migrations/1764154800000-ApiTokenExpiry';
import { EnrollSecretsAndGrants1764158400000 } from '../../../migrations/1764158400000-EnrollSecretsAndGrants';
import { HostInstanceEpochs1764169200000 } from '../../../migrations/1764169200000-HostInstanceEpochs';
import { Audits1764244800000 } from '../../../migrations/1764244800000-Audits';
import { AuditSchedules1764248400000 } from '../../../migrations/1764248400000-AuditSchedules';
import { DestinationsAndAlerts1764252000000 } from '../../../migrations/1764252000000-DestinationsAndAlerts';
import { ActivityLog1764255600000 } from '../../../migrations/1764255600000-ActivityLog';
import { FindingsOutcomeIdIndex1764259200000 } from '../../../migrations/1764259200000-FindingsOutcomeIdIndex';
import { FindingsSilencedChangedAt1764262800000 } from '../../../migrations/1764262800000-FindingsSilencedChangedAt';
import { AuditFixesAndDeliveriesIndexes1764266400000 } from '../../../migrations/1764266400000-AuditFixesAndDeliveriesIndexes';
import { PartitionedReports1764345600000 } from '../../../migrations/1764345600000-PartitionedReports';
import { IncrementalEvaluation1764349200000 } from '../../../migrations/1764349200000-IncrementalEvaluation';
import { Traces1764446400000 } from '../../../migrations/1764446400000-Traces';
import { HostInventory1764536400000 } from '../../../migrations/1764536400000-HostInventory';
import { Sessions1764633600000 } from '../../../migrations/1764633600000-Sessions';

/** Every migration, in order. A new migration file is added here too. */
export const MIGRATIONS = [
  InitialSchema1763870400000,
  SilencesAndReevaluations1763874000000,
  FindingHitsIndex1763877600000,
  ReportHistorySamples1763964000000,
  HotHostUpdates1763967600000,
  FindingEventsCoveringIndex1763971200000,
  ReportsReceivedIndex1763974800000,
  ProcessIdsInMetrics1764061200000,
  HousekeepingRuns1764064800000,
  ReportInstances1764151200000,
  FailedReportRetries1764152100000,
  ApiTokenExpiry1764154800000,
  EnrollSecretsAndGrants1764158400000,
  HostInstanceEpochs1764169200000,
  Audits1764244800000,
  AuditSchedules1764248400000,
  DestinationsAndAlerts1764252000000,
  ActivityLog1764255600000,
  FindingsOutcomeIdIndex1764259200000,
  FindingsSilencedChangedAt1764262800000,
  AuditFixesAndDeliveriesIndexes1764266400000,
  PartitionedReports1764345600000,
  IncrementalEvaluation1764349200000,
  Traces1764446400000,
  HostInventory1764536400000,
  Sessions1764633600000,
  FindingEventsEscalationIndex1764655200000,
  OverviewTotalsIndexes1764662400000,
  InventoryDiff1764748800000,
];
