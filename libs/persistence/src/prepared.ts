import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The pg pool behind a TypeORM DataSource. */
export const poolOf = (ds: DataSource): Pool => (ds.driver as PostgresDriver).master as Pool;

/**
 * Runs a statement as a named prepared statement: PostgreSQL parses and analyses it once per connection
 * instead of on every call (and plans it once when it finds a generic plan as good as a custom one); for
 * the large statements run per report that work was a third of PostgreSQL's time. The name must be
 * unique to the text.
 */
export async function preparedQuery<T = Record<string, unknown>>(ds: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const res = await poolOf(ds).query({ name, text, values });
  return res.rows as T[];
}
