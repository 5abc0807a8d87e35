import { Client, type ClientConfig } from 'pg';

/**
 * pg's Client with an error listener from its first moment. pg-pool takes its own listener off a client
 * it hands out, and TypeORM adds one only a tick later; a connection PostgreSQL ends in between (a
 * shutdown that lands as a query finishes) emits 'error' with nobody listening, which ends the process.
 * The error still reaches whoever owns the client (the query fails, the pool drops the connection);
 * this listener only keeps it from being fatal. Pools take it as their `Client` option.
 */
export class GuardedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}
