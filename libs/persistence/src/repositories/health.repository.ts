import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GenerateSql } from '../generate-sql';

/** What readiness asks of the database. */
@Injectable()
export class HealthRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Resolves once PostgreSQL answered a trivial query. */
  @GenerateSql()
  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }
}
