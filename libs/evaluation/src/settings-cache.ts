import type { SettingsRepository, ThresholdOverrides } from '@memfleet/persistence';

const TTL_MS = 5000;

/** Threshold overrides change rarely; a short cache keeps a query off every evaluation. */
export class SettingsCache {
  private value: ThresholdOverrides = {};
  private loadedAt = 0;

  constructor(private readonly settings: SettingsRepository) {}

  async thresholds(): Promise<ThresholdOverrides> {
    if (Date.now() - this.loadedAt < TTL_MS) return this.value;
    this.value = await this.settings.thresholdOverrides();
    this.loadedAt = Date.now();
    return this.value;
  }

  invalidate(): void {
    this.loadedAt = 0;
  }
}
