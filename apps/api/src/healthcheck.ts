// The container health check: asks this container's API (on PORT as the API reads it) for /healthz,
// or the path given (e.g. /readyz). Exit 0 when it answers 2xx.
// The config file alone, not @memfleet/platform's index: a check every 10 s should not load BullMQ and PGlite.
import http from 'node:http';
import https from 'node:https';
import { loadConfig } from '@memfleet/platform/config/env';

const path = process.argv[2] ?? '/healthz';
const config = loadConfig();
// With MEMFLEET_TLS_CERT the API speaks only HTTPS. The check asks its own process over loopback, where
// the certificate's name (a public host name) cannot match, so it checks liveness, not the certificate.
const request = config.tlsCert
  ? https.get({ host: '127.0.0.1', port: config.port, path, rejectUnauthorized: false, timeout: 2500 })
  : http.get({ host: '127.0.0.1', port: config.port, path, timeout: 2500 });
request.on('response', (res) => process.exit(res.statusCode! >= 200 && res.statusCode! < 300 ? 0 : 1));
request.on('timeout', () => process.exit(1));
request.on('error', () => process.exit(1));
