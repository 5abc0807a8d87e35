// The container health check: asks this container's API (on PORT as the API reads it) for /healthz,
// or the path given (e.g. /readyz). Exit 0 when it answers 2xx.
// The config file alone, not @memfleet/platform's index: a check every 10 s should not load BullMQ and PGlite.
import { loadConfig } from '@memfleet/platform/config/env';

const path = process.argv[2] ?? '/healthz';
fetch(`http://127.0.0.1:${loadConfig().port}${path}`, { signal: AbortSignal.timeout(2500) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
