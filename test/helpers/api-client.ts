import { gzipSync } from 'node:zlib';
import type { Report } from '@memfleet/contracts';

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  url: string,
  init: { method?: string; token?: string; body?: unknown; raw?: Buffer | string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: Buffer | string | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  if (init.raw !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (e.g. /metrics)
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function enroll(
  api: string,
  secret: string,
  report: Report,
  labels: Record<string, string> = {},
): Promise<{ hostId: string; agentToken: string }> {
  const res = await call(`${api}/api/v1/agents/enroll`, {
    body: {
      enrollSecret: secret,
      machineId: report.identity.machineId,
      dmiProductUuid: report.identity.dmiProductUuid ?? null,
      hostname: report.configuration.host.hostname,
      labels,
    },
  });
  if (res.status !== 201) throw new Error(`enroll answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export function postReport(api: string, token: string, report: unknown, opts: { wait?: number; gzip?: boolean; idempotencyKey?: string } = {}) {
  const json = JSON.stringify(report);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let raw: Buffer | string = json;
  if (opts.gzip) {
    raw = gzipSync(json);
    headers['content-encoding'] = 'gzip';
  }
  return call(`${api}/api/v1/reports${opts.wait ? `?wait=${opts.wait}` : ''}`, { method: 'POST', token, raw, headers });
}
