import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { SEVERITIES } from '@memfleet/contracts';
import { FleetGaugesRepository, type FleetGaugeValues } from '@memfleet/persistence';
import { APP_CONFIG, MemfleetMetrics, type AppConfig } from '@memfleet/platform';
import { catalogue } from '@memfleet/rules';

/**
 * Fleet-wide gauges on /metrics, counted in PostgreSQL at most every MEMFLEET_FLEET_GAUGE_SECONDS per
 * process: every API replica serves the same numbers, however often Prometheus scrapes. Scrapes that
 * arrive during a count share it; a failed count keeps the previous values (logged once per outage).
 */
@Injectable()
export class FleetGauges {
  private readonly logger = new Logger('metrics');
  private readonly hosts: Gauge;
  private readonly active: Gauge;
  private readonly silenced: Gauge;
  private computedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly repo: FleetGaugesRepository,
    metrics: MemfleetMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const registers = [metrics.registry];
    // The gauges refresh themselves when the registry is read (all three: prom-client reads metrics in
    // parallel), so the scrape waits for a due count.
    const collect = () => this.refresh();
    this.hosts = new Gauge({
      name: 'memfleet_hosts',
      help: 'Hosts by state (reporting, stale, retired), fleet-wide.',
      labelNames: ['state'],
      registers,
      collect,
    });
    this.active = new Gauge({
      name: 'memfleet_active_findings',
      help: 'Unsilenced hits of active hosts by rule and severity, fleet-wide.',
      labelNames: ['rule', 'severity'],
      registers,
      collect,
    });
    this.silenced = new Gauge({
      name: 'memfleet_silenced_findings',
      help: 'Silenced hits of active hosts by rule, fleet-wide.',
      labelNames: ['rule'],
      registers,
      collect,
    });
  }

  /** Counts again when the last count is older than the window; concurrent callers share one count. */
  refresh(): Promise<void> {
    if (Date.now() - this.computedAt < this.config.fleetGaugeSeconds * 1000) return Promise.resolve();
    this.inFlight ??= this.count().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async count(): Promise<void> {
    try {
      this.show(await this.repo.read());
      if (this.failing) this.logger.log('fleet gauges counted again');
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.logger.warn({ err: (err as Error).message }, 'fleet gauges could not be counted; /metrics keeps the previous values');
      this.failing = true;
    }
    // A failed count also waits for the window, so an outage does not turn every scrape into a query.
    this.computedAt = Date.now();
  }

  private show(v: FleetGaugeValues): void {
    for (const [state, n] of Object.entries(v.hosts)) this.hosts.set({ state }, n);
    // Every catalogue rule at every severity, 0 when none: a resolved rule reads 0 rather than vanishing.
    this.active.reset();
    this.silenced.reset();
    for (const rule of catalogue) {
      for (const severity of SEVERITIES) this.active.set({ rule: rule.id, severity }, 0);
      this.silenced.set({ rule: rule.id }, 0);
    }
    for (const f of v.findings) {
      if (f.silenced) this.silenced.inc({ rule: f.ruleId }, f.n);
      else this.active.set({ rule: f.ruleId, severity: f.severity }, f.n);
    }
  }
}
