import { afterEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { Logger } from '@nestjs/common';
import type { FleetGaugesRepository, FleetGaugeValues } from '@memfleet/persistence';
import { loadConfig, MemfleetMetrics } from '@memfleet/platform';
import { FleetGauges } from './fleet-gauges';

const values = (reporting: number, critical: number): FleetGaugeValues => ({
  hosts: { reporting, stale: 0, retired: 0 },
  findings: [{ ruleId: 'envoy-wasm-vm-explosion', severity: 'critical', silenced: false, n: critical }],
});

/** A repository whose reads the test answers one by one. */
function fakeRepo() {
  const pending: { resolve: (v: FleetGaugeValues) => void; reject: (e: Error) => void }[] = [];
  const repo = { read: () => new Promise<FleetGaugeValues>((resolve, reject) => pending.push({ resolve, reject })) } as unknown as FleetGaugesRepository;
  return { repo, pending };
}

const reporting = async (m: MemfleetMetrics) =>
  (await m.registry.getSingleMetric('memfleet_hosts')!.get()).values.find((v) => v.labels.state === 'reporting')?.value;

describe('FleetGauges', () => {
  const warnings: unknown[] = [];
  Logger.overrideLogger({ log: () => {}, error: () => {}, warn: (m: unknown) => warnings.push(m), debug: () => {}, verbose: () => {} });
  afterEach(() => (warnings.length = 0));

  it('answers concurrent scrapes with one count, and reuses it for the window', async () => {
    const { repo, pending } = fakeRepo();
    const metrics = new MemfleetMetrics({ defaultMetrics: false });
    const gauges = new FleetGauges(repo, metrics, { ...loadConfig({}), fleetGaugeSeconds: 60 });
    const scrapes = [metrics.registry.metrics(), metrics.registry.metrics(), gauges.refresh()];
    assert.equal(pending.length, 1, 'one query for three scrapes');
    pending[0].resolve(values(7, 2));
    const [text] = await Promise.all(scrapes);
    assert.match(text as string, /memfleet_hosts\{state="reporting"\} 7/);
    assert.match(text as string, /memfleet_active_findings\{rule="envoy-wasm-vm-explosion",severity="critical"\} 2/);
    await metrics.registry.metrics();
    assert.equal(pending.length, 1, 'inside the window: no query');
  });

  it('keeps the previous values when a count fails, and warns once per outage', async () => {
    const { repo, pending } = fakeRepo();
    const metrics = new MemfleetMetrics({ defaultMetrics: false });
    mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    const gauges = new FleetGauges(repo, metrics, { ...loadConfig({}), fleetGaugeSeconds: 30 });
    // Each count is a window after the last, so reading the gauges in between queries nothing.
    const settle = async (answer: (p: (typeof pending)[number]) => void) => {
      mock.timers.tick(30_000);
      const done = gauges.refresh();
      answer(pending[pending.length - 1]);
      await done;
    };
    await settle((p) => p.resolve(values(5, 1)));
    await settle((p) => p.reject(new Error('connection refused')));
    await settle((p) => p.reject(new Error('connection refused')));
    assert.equal(await reporting(metrics), 5, 'the last good count');
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    await settle((p) => p.resolve(values(6, 0)));
    assert.equal(await reporting(metrics), 6);
    await settle((p) => p.reject(new Error('again')));
    assert.equal(warnings.length, 2, 'a new outage warns again');
    assert.equal(pending.length, 5);
    mock.timers.reset();
  });
});
