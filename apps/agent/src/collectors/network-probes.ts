import http from 'node:http';
import net from 'node:net';

export interface RedisInfo {
  version: string | null;
  usedMemory: number | null;
  usedMemoryRss: number | null;
  memAllocator: string | null;
}

export interface EnvoyAdminStats {
  serverConcurrency: number | null;
  wasmV8Active: number | null;
}

/** Loopback probes; injectable so fixture runs never touch the network. */
export interface NetworkProbes {
  redisInfo(port: number): Promise<RedisInfo | null>;
  envoyStats(port: number): Promise<EnvoyAdminStats | null>;
}

const TIMEOUT_MS = 700;

export function parseRedisInfo(text: string): RedisInfo {
  const get = (k: string) => new RegExp(`^${k}:(.*)$`, 'm').exec(text)?.[1]?.trim() ?? null;
  const num = (k: string) => {
    const v = get(k);
    return v !== null && /^\d+$/.test(v) ? Number(v) : null;
  };
  return { version: get('redis_version'), usedMemory: num('used_memory'), usedMemoryRss: num('used_memory_rss'), memAllocator: get('mem_allocator') };
}

export function parseEnvoyStats(text: string): EnvoyAdminStats {
  const num = (k: string) => {
    const m = new RegExp(`^${k.replace(/\./g, '\\.')}: (\\d+)$`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  return { serverConcurrency: num('server.concurrency'), wasmV8Active: num('wasm.envoy.wasm.runtime.v8.active') };
}

function redisInfo(port: number): Promise<RedisInfo | null> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let data = '';
    const done = (v: RedisInfo | null) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(TIMEOUT_MS, () => done(null));
    sock.on('error', () => done(null));
    sock.on('connect', () => sock.write('INFO\r\n'));
    sock.on('data', (d) => {
      data += d.toString('utf8');
      // "-NOAUTH ..." when a password is required: not reachable for us
      if (data.startsWith('-')) return done(null);
      const m = /^\$(\d+)\r\n/.exec(data);
      if (m && Buffer.byteLength(data) >= m[0].length + Number(m[1])) done(parseRedisInfo(data));
    });
  });
}

function envoyStats(port: number): Promise<EnvoyAdminStats | null> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/stats?filter=^(server\\.concurrency|wasm\\.envoy\\.wasm\\.runtime\\.v8\\.active)$', timeout: TIMEOUT_MS },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(res.statusCode === 200 ? parseEnvoyStats(body) : null));
        res.on('error', () => resolve(null));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

export const loopbackProbes: NetworkProbes = { redisInfo, envoyStats };
export const noProbes: NetworkProbes = { redisInfo: () => Promise.resolve(null), envoyStats: () => Promise.resolve(null) };
