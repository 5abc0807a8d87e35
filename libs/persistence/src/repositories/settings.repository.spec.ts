import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { SettingsRepository } from './settings.repository';

describe('SettingsRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: SettingsRepository;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new SettingsRepository(ds);
  });
  after(async () => close());

  it('stores threshold overrides per rule, replacing only the rule written', async () => {
    assert.deepEqual(await repo.thresholdOverrides(), {});
    await repo.setRuleThresholds('r1', { a: 1, b: 2 });
    await repo.setRuleThresholds('r2', { c: 3 });
    await repo.setRuleThresholds('r1', { b: 5 });
    assert.deepEqual(await repo.thresholdOverrides(), { r1: { b: 5 }, r2: { c: 3 } });
  });

  it('reports a catalogue revision change once, with the revision it replaced', async () => {
    assert.deepEqual(await repo.recordCatalogueRevision('rev-a'), { changed: true, previous: null }, 'a fresh database');
    assert.deepEqual(await repo.recordCatalogueRevision('rev-a'), { changed: false, previous: null });
    const racing = await Promise.all([repo.recordCatalogueRevision('rev-b'), repo.recordCatalogueRevision('rev-b')]);
    assert.deepEqual(
      racing.filter((r) => r.changed),
      [{ changed: true, previous: 'rev-a' }],
      'only one of two concurrent starts sees the change',
    );
  });
});
