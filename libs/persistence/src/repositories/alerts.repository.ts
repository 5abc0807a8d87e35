import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';
import { STALE_SQL } from './sql-fragments';

/** The rule id of a host-stale alert (its subject is ''). */
export const HOST_STALE_RULE = 'host-stale';
/** The settings row holding the finding_events id up to which alerts were dispatched. */
export const ALERTS_WATERMARK = 'alerts-events-watermark';
/** The settings row holding when the last batch read the findings whose `silenced` flag changed. */
export const ALERTS_SILENCE_WATERMARK = 'alerts-silence-watermark';

/** A finding one destination must hear about: it turned critical (`fire`), or it stopped being critical where an alert fired. */
export interface FindingAlertCandidate {
  destinationId: string;
  hostId: string;
  hostname: string;
  ruleId: string;
  subject: string;
  /** The finding's severity now (null when it is no longer a hit). */
  severity: string | null;
  summary: string | null;
  fire: boolean;
  /** Silenced now (a firing alert it ends is resolved as silenced). */
  silenced: boolean;
  /** The severity the destination was last sent for it (null: never). */
  sentSeverity: string | null;
  openedAt: Date | null;
  resolvedAt: Date | null;
}

/** A host that went stale (`fire`) or reports again after its stale alert fired. */
export interface StaleAlertCandidate {
  destinationId: string;
  hostId: string;
  hostname: string;
  lastSeenAt: Date | null;
  intervalSeconds: number;
  fire: boolean;
}

/** An alert still firing at an Alertmanager destination, sent again each batch (Alertmanager ends an alert not repeated). */
export interface RepeatAlertCandidate {
  destinationId: string;
  hostId: string;
  hostname: string;
  ruleId: string;
  subject: string;
  severity: string | null;
  summary: string | null;
  openedAt: Date | null;
  lastSeenAt: Date | null;
  intervalSeconds: number;
}

export interface AlertCandidates {
  findings: FindingAlertCandidate[];
  stale: StaleAlertCandidate[];
  repeats: RepeatAlertCandidate[];
}

/** What a destination was told, recorded with the delivery that tells it. */
export interface AlertStateWrite {
  destinationId: string;
  hostId: string;
  ruleId: string;
  subject: string;
  severity: string | null;
  firing: boolean;
}

export interface PlannedDelivery {
  destinationId: string;
  payload: unknown;
  summary: string;
  states: AlertStateWrite[];
}

export interface DispatchOutcome {
  deliveryIds: string[];
  watermark: number;
  events: number;
}

const FINDING_CANDIDATES_SQL = `
WITH ev AS (
  SELECT id, host_id, rule_id, subject FROM finding_events WHERE id > $1 ORDER BY id LIMIT $2
), touched AS (
  SELECT host_id, rule_id, subject FROM ev
  -- Silencing writes no finding event: the findings whose flag changed since the last batch (again within the lag).
  UNION
  SELECT host_id, rule_id, subject FROM findings
   WHERE silenced_changed_at > COALESCE($3::timestamptz, now()) - make_interval(secs => $4)
), cur AS (
  SELECT t.host_id, h.hostname, t.rule_id, t.subject, f.severity, f.summary, f.opened_at, f.resolved_at,
         COALESCE(f.outcome = 'hit' AND f.severity = 'critical' AND NOT f.silenced, false) AS fire, COALESCE(f.silenced, false) AS silenced
    FROM touched t JOIN hosts h ON h.id = t.host_id
    LEFT JOIN findings f ON f.host_id = t.host_id AND f.rule_id = t.rule_id AND f.subject = t.subject
)
SELECT d.id AS "destinationId", c.host_id AS "hostId", c.hostname, c.rule_id AS "ruleId", c.subject, c.severity, c.summary, c.fire, c.silenced,
       s.severity AS "sentSeverity", c.opened_at AS "openedAt", c.resolved_at AS "resolvedAt"
  FROM cur c CROSS JOIN destinations d
  LEFT JOIN alert_state s ON s.destination_id = d.id AND s.host_id = c.host_id AND s.rule_id = c.rule_id AND s.subject = c.subject
 WHERE (c.fire AND NOT COALESCE(s.firing AND s.severity = c.severity, false))
    OR (NOT c.fire AND COALESCE(s.firing, false))
 ORDER BY d.id, c.hostname, c.rule_id, c.subject`;

const STALE_CANDIDATES_SQL = `
SELECT d.id AS "destinationId", h.id AS "hostId", h.hostname, h.last_seen_at AS "lastSeenAt", h.interval_seconds AS "intervalSeconds", true AS fire
  FROM hosts h CROSS JOIN destinations d
 WHERE h.retired_at IS NULL AND h.last_seen_at IS NOT NULL AND ${STALE_SQL}
   -- Only hosts that went stale after the destination existed (or just before): not every long-dead host to each new destination.
   AND h.last_seen_at + make_interval(secs => 2 * h.interval_seconds) > d.created_at - make_interval(secs => $2)
   AND NOT EXISTS (SELECT 1 FROM alert_state s WHERE s.destination_id = d.id AND s.host_id = h.id AND s.rule_id = $1 AND s.subject = '' AND s.firing)
UNION ALL
SELECT s.destination_id, h.id, h.hostname, h.last_seen_at, h.interval_seconds, false
  FROM alert_state s JOIN hosts h ON h.id = s.host_id
 WHERE s.rule_id = $1 AND s.subject = '' AND s.firing AND NOT ${STALE_SQL}
 ORDER BY 1, 3`;

const REPEAT_CANDIDATES_SQL = `
SELECT s.destination_id AS "destinationId", s.host_id AS "hostId", h.hostname, s.rule_id AS "ruleId", s.subject, s.severity,
       f.summary, f.opened_at AS "openedAt", h.last_seen_at AS "lastSeenAt", h.interval_seconds AS "intervalSeconds"
  FROM destinations d JOIN alert_state s ON s.destination_id = d.id AND s.firing
  JOIN hosts h ON h.id = s.host_id
  LEFT JOIN findings f ON f.host_id = s.host_id AND f.rule_id = s.rule_id AND f.subject = s.subject
 WHERE d.type = 'alertmanager'
 ORDER BY 1, 3, 4, 5`;

/**
 * The first batch of an install starts from the newest finding event: an existing fleet's history was
 * never news to any destination (alerting it all at once was an upgrade storm).
 */
async function lockWatermark(m: EntityManager): Promise<number> {
  await m.query(`INSERT INTO settings (key, value) SELECT $1, to_jsonb(COALESCE(max(id), 0)) FROM finding_events ON CONFLICT (key) DO NOTHING`, [
    ALERTS_WATERMARK,
  ]);
  const rows: { watermark: string }[] = await m.query(`SELECT value #>> '{}' AS watermark FROM settings WHERE key = $1 FOR UPDATE`, [ALERTS_WATERMARK]);
  return Number(rows[0].watermark);
}

/** Records what each destination is told and stores its delivery, in one statement. */
async function store(m: EntityManager, planned: PlannedDelivery[]): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    `WITH states AS (
       INSERT INTO alert_state (destination_id, host_id, rule_id, subject, severity, firing)
       SELECT x."destinationId", x."hostId", x."ruleId", x.subject, x.severity, x.firing
         FROM jsonb_to_recordset($1::jsonb) AS x("destinationId" uuid, "hostId" uuid, "ruleId" text, subject text, severity text, firing boolean)
       ON CONFLICT (destination_id, host_id, rule_id, subject) DO UPDATE SET severity = EXCLUDED.severity, firing = EXCLUDED.firing, updated_at = now()
       RETURNING 1
     ), stored AS (
       INSERT INTO deliveries (destination_id, kind, payload, summary)
       SELECT x."destinationId", 'alert', x.payload, x.summary FROM jsonb_to_recordset($2::jsonb) AS x("destinationId" uuid, payload jsonb, summary text)
       RETURNING id
     )
     SELECT id FROM stored`,
    [
      JSON.stringify(planned.flatMap((p) => p.states)),
      JSON.stringify(planned.map(({ destinationId, payload, summary }) => ({ destinationId, payload, summary }))),
    ],
  );
  return rows.map((r) => r.id);
}

/**
 * Alerts between audits. One batch is one transaction: it locks the watermark (so batches never overlap,
 * however many workers run), reads what changed since, records what each destination is told and stores
 * one delivery per destination, then moves the watermark. A crash before the commit leaves everything as
 * it was; after it, the deliveries are in the outbox and their jobs are added again if lost.
 */
@Injectable()
export class AlertsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Runs one batch; `plan` (pure) turns the candidates into deliveries. Events newer than `lagSeconds` are
   * read again by the next batch too (an evaluation committing late may hold a lower id than one already
   * seen); reading one twice is harmless since the candidates come from alert_state and the current findings.
   * Findings silenced or unsilenced since the last batch (no event is written for that) are read the same way,
   * by the partial index on `silenced_changed_at`: a revoked or expired silence fires, a silenced firing alert resolves.
   * A stale host is alerted to a destination only when it went stale after the destination was created, or
   * up to `staleWindowSeconds` before.
   */
  @GenerateSql(
    { name: 'nothing to send', params: [60, 20000, 60, () => []] },
    {
      name: 'one delivery',
      params: [
        60,
        20000,
        60,
        () => [
          {
            destinationId: DummyValue.UUID,
            payload: {},
            summary: 's',
            states: [{ destinationId: DummyValue.UUID, hostId: DummyValue.UUID, ruleId: 'r', subject: '', severity: 'critical', firing: true }],
          },
        ],
      ],
    },
  )
  dispatchBatch(lagSeconds: number, maxEvents: number, staleWindowSeconds: number, plan: (c: AlertCandidates) => PlannedDelivery[]): Promise<DispatchOutcome> {
    return this.ds.transaction(async (m) => {
      const watermark = await lockWatermark(m);
      const [progress]: { settled: string | null; n: number }[] = await m.query(
        `SELECT max(id) FILTER (WHERE at < now() - make_interval(secs => $3)) AS settled, count(*)::int AS n
           FROM (SELECT id, at FROM finding_events WHERE id > $1 ORDER BY id LIMIT $2) e`,
        [watermark, maxEvents, lagSeconds],
      );
      const [silence]: { at: string | null }[] = await m.query(`SELECT max(value #>> '{}') AS at FROM settings WHERE key = $1`, [ALERTS_SILENCE_WATERMARK]);
      const findings: FindingAlertCandidate[] = await m.query(FINDING_CANDIDATES_SQL, [watermark, maxEvents, silence.at, lagSeconds]);
      const stale: StaleAlertCandidate[] = await m.query(STALE_CANDIDATES_SQL, [HOST_STALE_RULE, staleWindowSeconds]);
      const repeats: RepeatAlertCandidate[] = await m.query(REPEAT_CANDIDATES_SQL);
      const planned = plan({ findings, stale, repeats });
      const deliveryIds = planned.length ? await store(m, planned) : [];
      const next = progress.settled === null ? watermark : Number(progress.settled);
      await m.query(
        `INSERT INTO settings (key, value) VALUES ($1, to_jsonb(now())) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [ALERTS_SILENCE_WATERMARK],
      );
      if (next !== watermark) await m.query(`UPDATE settings SET value = to_jsonb($2::bigint), updated_at = now() WHERE key = $1`, [ALERTS_WATERMARK, next]);
      return { deliveryIds, watermark: next, events: progress.n };
    });
  }

  /**
   * Deletes up to `batch` alert states of alerts resolved more than `days` ago: a missing state means "not
   * firing" to the dispatcher, as a resolved one does. Returns how many.
   */
  @GenerateSql({ params: [14, 10_000] })
  async pruneResolvedOlderThan(days: number, batch: number): Promise<number> {
    const rows: { n: number }[] = await this.ds.query(
      `WITH gone AS (
         DELETE FROM alert_state WHERE (destination_id, host_id, rule_id, subject) IN (
           SELECT destination_id, host_id, rule_id, subject FROM alert_state WHERE NOT firing AND updated_at < now() - make_interval(days => $1) LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [days, batch],
    );
    return rows[0].n;
  }

  /** What one destination was last told about a host's rule and subject (tests and support). */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.UUID, DummyValue.STRING, ''] })
  async state(destinationId: string, hostId: string, ruleId: string, subject: string): Promise<{ severity: string | null; firing: boolean } | null> {
    const rows: { severity: string | null; firing: boolean }[] = await this.ds.query(
      `SELECT severity, firing FROM alert_state WHERE destination_id = $1 AND host_id = $2 AND rule_id = $3 AND subject = $4`,
      [destinationId, hostId, ruleId, subject],
    );
    return rows[0] ?? null;
  }
}
