import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The pg pool behind a TypeORM DataSource. */
export const poolOf = (ds: DataSource): Pool => (ds.driver as PostgresDriver).master as Pool;

/**
 * Runs a statement as a named prepared statement: PostgreSQL parses and plans it once per connection
 * instead of on every call, which for the large statements run per report is a third of their cost.
 * The name must be unique to the text.
 */
export async function preparedQuery<T = Record<string, unknown>>(ds: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const res = await poolOf(ds).query({ name, text, values });
  return res.rows as T[];
}
