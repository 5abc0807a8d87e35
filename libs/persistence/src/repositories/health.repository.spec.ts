import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { HealthRepository } from './health.repository';

describe('HealthRepository on the real PostgreSQL', () => {
  it('answers while the database is reachable, and fails once it is not', async () => {
    const { ds, close } = await migratedDataSource(1);
    const repo = new HealthRepository(ds);
    await repo.ping();
    await close();
    await assert.rejects(repo.ping());
  });
});
