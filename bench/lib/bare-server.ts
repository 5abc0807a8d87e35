// Raw baseline: a bare Node HTTP server that inflates, parses and hashes the same payload (the configuration
// when it carries one), and answers 202.
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const body = JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString()) as {
      configuration?: unknown;
      configurationHash?: string;
    };
    // A metrics-only (v3) body declares its hash; a full one is hashed as the server hashes it.
    const hash = body.configuration === undefined ? body.configurationHash : createHash('sha256').update(JSON.stringify(body.configuration)).digest('hex');
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ reportId: randomUUID(), status: 'queued', hash }));
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const a = server.address();
  console.log(`listening ${typeof a === 'object' && a ? a.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
