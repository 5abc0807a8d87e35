import type { Server } from 'node:http';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * On SIGTERM the HTTP server stops accepting connections and waits for the open ones to end; a client
 * that keeps reusing its keep-alive connection (agents behind a proxy, a load balancer) would keep it
 * open until the supervisor's SIGKILL cut requests mid-way. From shutdown on, every response says
 * `Connection: close` and connections are closed as soon as they fall idle: requests in flight are
 * answered, then the server closes.
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  beforeApplicationShutdown(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
    const timer = setInterval(() => server.closeIdleConnections(), 100);
    timer.unref();
    server.once('close', () => clearInterval(timer));
  }
}
