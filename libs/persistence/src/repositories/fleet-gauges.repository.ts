import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GenerateSql } from '../generate-sql';
import { STALE_SQL } from './sql-fragments';

export interface FleetHostCounts {
  reporting: number;
  stale: number;
  retired: number;
}

export interface FleetFindingCount {
  ruleId: string;
  severity: string;
  silenced: boolean;
  n: number;
}

export interface FleetGaugeValues {
  hosts: FleetHostCounts;
  /** Hits of active hosts by rule, severity and whether a silence covers them. */
  findings: FleetFindingCount[];
}

/** The fleet-wide numbers /metrics serves as gauges: two aggregates over hosts and findings. */
@Injectable()
export class FleetGaugesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  @GenerateSql()
  async read(): Promise<FleetGaugeValues> {
    const [hosts]: FleetHostCounts[] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE retired_at IS NULL AND NOT ${STALE_SQL})::int AS reporting,
              count(*) FILTER (WHERE retired_at IS NULL AND ${STALE_SQL})::int AS stale,
              count(*) FILTER (WHERE retired_at IS NOT NULL)::int AS retired
         FROM hosts h`,
    );
    const findings: FleetFindingCount[] = await this.ds.query(
      `SELECT f.rule_id AS "ruleId", f.severity, f.silenced, count(*)::int AS n
         FROM findings f
        -- Retired hosts are few: excluding them beats joining every hit to its host.
        WHERE f.outcome = 'hit' AND f.host_id NOT IN (SELECT id FROM hosts WHERE retired_at IS NOT NULL)
        GROUP BY 1, 2, 3`,
    );
    return { hosts, findings };
  }
}
