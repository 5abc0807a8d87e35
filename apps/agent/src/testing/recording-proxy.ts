import http from 'node:http';
import zlib from 'node:zlib';

/** One request the proxy passed on, as the agent sent it, with the status the server answered. */
export interface Recorded {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  /** Bytes on the wire (the gzip body as sent). */
  wireBytes: number;
  /** The JSON body after inflating, parsed; null for none. */
  body: Record<string, unknown> | null;
  bodyBytes: number;
  status: number;
  answer: string;
}

/** A reverse proxy in front of an API that records every request body and the answer to it. */
export function recordingProxy(target: string): Promise<{ url: string; log: Recorded[]; close: () => Promise<void> }> {
  const log: Recorded[] = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const plain = req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
      const up = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const text = Buffer.concat(parts);
            log.push({
              method: req.method ?? '',
              path: req.url ?? '',
              idempotencyKey: req.headers['idempotency-key'] as string | undefined,
              wireBytes: raw.length,
              body: plain.length ? (JSON.parse(plain.toString('utf8')) as Record<string, unknown>) : null,
              bodyBytes: plain.length,
              status: answer.statusCode ?? 0,
              answer: text.toString('utf8'),
            });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
          });
        },
      );
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      up.end(raw);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
        log,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}
