import fs from 'node:fs';
import http from 'node:http';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Buffer;
  /** PEM file with the CA(s) that sign the server's certificate, added to Node's defaults. */
  caFile?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** HTTPS_PROXY applies unless NO_PROXY names the host (suffix match, "*" for all). */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv): URL | null {
  if (url.protocol !== 'https:') return null;
  const proxy = env.HTTPS_PROXY ?? env.https_proxy;
  if (!proxy) return null;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const host = url.hostname.toLowerCase();
  if (noProxy.some((n) => n === '*' || host === n.replace(/^\./, '') || host.endsWith(n.startsWith('.') ? n : `.${n}`))) return null;
  return new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
}

/** Opens a CONNECT tunnel through an HTTP proxy. */
function tunnel(proxy: URL, target: URL, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const port = target.port || '443';
    const headers: Record<string, string> = { Host: `${target.hostname}:${port}` };
    if (proxy.username)
      headers['Proxy-Authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
    const req = http.request({
      host: proxy.hostname,
      port: proxy.port || 80,
      method: 'CONNECT',
      path: `${target.hostname}:${port}`,
      headers,
      timeout: timeoutMs,
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`proxy CONNECT answered ${res.statusCode}`));
      }
    });
    req.on('timeout', () => req.destroy(new Error('proxy CONNECT timed out')));
    req.on('error', reject);
    req.end();
  });
}

const caCache = new Map<string, string>();
function caOf(file: string | undefined): string[] | undefined {
  if (!file) return undefined;
  let pem = caCache.get(file);
  if (pem === undefined) caCache.set(file, (pem = fs.readFileSync(file, 'utf8')));
  return [...tls.rootCertificates, pem];
}

/** One request over http(s), through HTTPS_PROXY when set, trusting --ca-file too. */
export async function request(urlText: string, opts: RequestOptions): Promise<HttpResponse> {
  const url = new URL(urlText);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const ca = caOf(opts.caFile);
  const proxy = proxyFor(url, opts.env ?? process.env);
  const https = url.protocol === 'https:';
  let socket: Duplex | undefined;
  if (proxy) {
    const raw = await tunnel(proxy, url, timeoutMs);
    socket = await new Promise<Duplex>((resolve, reject) => {
      const s = tls.connect({ socket: raw, servername: url.hostname, ca }, () => resolve(s));
      s.on('error', reject);
    });
  } else if (https) {
    socket = await new Promise<Duplex>((resolve, reject) => {
      const s = tls.connect({ host: url.hostname, port: Number(url.port || 443), servername: url.hostname, ca }, () => resolve(s));
      s.setTimeout(timeoutMs, () => s.destroy(new Error('TLS connect timed out')));
      s.on('error', reject);
    });
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port || (https ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: opts.method,
        headers: { ...(opts.body ? { 'Content-Length': String(opts.body.length) } : {}), ...opts.headers, Host: url.host },
        timeout: timeoutMs,
        ...(socket ? { createConnection: () => socket as never } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${url.host} timed out`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}
