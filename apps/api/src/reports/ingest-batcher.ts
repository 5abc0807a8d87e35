import type { IngestBatchRow, IngestRow } from '@memfleet/persistence';

export interface IngestOutcome {
  reportId: string | null;
  configId: string | null;
  configInserted: boolean;
  /** Refused for a sequence too far ahead of its agent instance's latest (lastSequence); nothing stored. */
  sequenceJump: boolean;
  lastSequence: number | null;
  /** Not stored: sent without its configuration, and the host holds none under its hash. */
  configurationRequired: boolean;
  /** Stored as settled: nothing a rule reads changed, so no evaluation is queued. */
  settled: boolean;
}

interface Pending {
  row: IngestRow;
  resolve: (o: IngestOutcome) => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 64;
const MAX_IN_FLIGHT = 4;

/**
 * Group commit: reports that arrive while earlier batches are being written go out together in one
 * statement, so under load a round trip to PostgreSQL carries many reports; an idle server writes a
 * single report at once. At most one report per host rides in a batch (the statement joins by host).
 */
export class IngestBatcher {
  /** Batch statements in flight at once; also the size of a pool dedicated to them. */
  static readonly MAX_IN_FLIGHT = MAX_IN_FLIGHT;
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  /** `write` stores one batch in one statement (ReportsRepository.ingestBatch). */
  constructor(private readonly write: (rows: IngestRow[]) => Promise<IngestBatchRow[]>) {}

  submit(row: IngestRow): Promise<IngestOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch: Pending[] = [];
      const hosts = new Set<string>();
      for (let i = 0; i < this.queue.length && batch.length < MAX_BATCH;) {
        const p = this.queue[i];
        if (hosts.has(p.row.host_id)) {
          i++;
          continue;
        }
        hosts.add(p.row.host_id);
        batch.push(p);
        this.queue.splice(i, 1);
      }
      this.inFlight++;
      void this.writeBatch(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.run(batch.map((p) => p.row));
      batch.forEach((p, i) => p.resolve(outcomes[i]));
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      // One bad row (e.g. a host deleted meanwhile) must not fail the others: retry them one by one.
      for (const p of batch) {
        try {
          p.resolve((await this.run([p.row]))[0]);
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }

  private async run(rows: IngestRow[]): Promise<IngestOutcome[]> {
    const byHost = new Map((await this.write(rows)).map((r) => [r.host_id, r]));
    return rows.map((r) => {
      const o = byHost.get(r.host_id);
      return {
        reportId: o?.report_id ?? null,
        configId: o?.config_id ?? null,
        configInserted: o?.config_inserted ?? false,
        sequenceJump: o?.sequence_jump ?? false,
        lastSequence: o?.last_sequence ?? null,
        configurationRequired: o?.configuration_required ?? false,
        settled: o?.settled ?? false,
      };
    });
  }
}
