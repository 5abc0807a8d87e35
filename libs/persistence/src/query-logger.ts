import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's own loggers print a failed query with its parameters, and on the token path those are
 * token hashes. This one logs the failed statement and the error, never the parameters.
 */
export class QueryErrorLogger implements TypeOrmLogger {
  private readonly logger = new Logger('sql');

  logQueryError(error: string | Error, query: string): void {
    const message = typeof error === 'string' ? error : error.message;
    this.logger.error(`query failed: ${message} (statement: ${query.replace(/\s+/g, ' ').slice(0, 500)})`);
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
