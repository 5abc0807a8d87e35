import http from 'node:http';

export interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number };
  /** Open loop: why requests were not accepted — answered with a status, or never sent (shed by the load generator), or failed. */
  refused?: { byStatus: Record<string, number>; notSent: number; failed: number };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface RequestSpec {
  path: string;
  body: Buffer;
  headers: Record<string, string>;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One API or several: request n goes to the n-th base round-robin. */
export type Target = URL | URL[];
const baseFor = (target: Target, n: number): URL => (Array.isArray(target) ? target[n % target.length] : target);

export function send(base: URL, spec: RequestSpec): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: spec.path,
        method: 'POST',
        agent,
        headers: { ...spec.headers, 'content-length': String(spec.body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}

/** Closed loop: `concurrency` requests in flight until `count` are sent, round-robin across the target's APIs. */
export async function closedLoop(
  target: Target,
  next: (i: number) => RequestSpec,
  count: number,
  concurrency: number,
  onOk?: (i: number, body: string) => void,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let i = 0;
  let ok = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < count) {
        const n = i++;
        const t0 = process.hrtime.bigint();
        try {
          const res = await send(baseFor(target, n), next(n));
          if (res.status >= 200 && res.status < 300) {
            ok++;
            onOk?.(n, res.body);
          } else errors++;
        } catch {
          errors++;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { sent: count, ok, errors, seconds, perSecond: ok / seconds, latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) } };
}

/** Open loop: starts requests at a fixed rate regardless of answers, for `seconds`, round-robin across the target's APIs. */
export async function openLoop(
  target: Target,
  next: (i: number) => RequestSpec,
  ratePerSecond: number,
  seconds: number,
  onOk?: (i: number, body: string) => void,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  const total = Math.round(ratePerSecond * seconds);
  const started = Date.now();
  const inflight: Promise<void>[] = [];
  // A server slower than the offered rate would otherwise build a queue in this process that takes minutes to
  // drain: past one second of requests outstanding, a request is not sent and counts as an error (shed).
  const maxPending = Math.max(64, Math.round(ratePerSecond));
  let pending = 0;
  const refused = { byStatus: {} as Record<string, number>, notSent: 0, failed: 0 };
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / ratePerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (pending >= maxPending) {
      errors++;
      refused.notSent++;
      continue;
    }
    pending++;
    const t0 = process.hrtime.bigint();
    inflight.push(
      send(baseFor(target, n), next(n))
        .then(
          (res) => {
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (res.status >= 200 && res.status < 300) {
              ok++;
              onOk?.(n, res.body);
            } else {
              errors++;
              refused.byStatus[res.status] = (refused.byStatus[res.status] ?? 0) + 1;
            }
          },
          () => {
            errors++;
            refused.failed++;
          },
        )
        .finally(() => pending--),
    );
  }
  await Promise.all(inflight);
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    sent: total,
    ok,
    errors,
    seconds: elapsed,
    perSecond: ok / elapsed,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    refused,
  };
}
