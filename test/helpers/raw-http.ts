import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends a request whose body stops after `sendBytes` of `body` (Content-Length still announcing all of
 * it) and resolves with the answer, or null when none came within `deadlineMs`: a server that answers
 * has decided without reading the whole body, so it cannot have inflated or parsed it.
 */
export function sendPartialBody(
  url: string,
  opts: { method?: string; path: string; headers: Record<string, string>; body: Buffer; sendBytes: number; deadlineMs?: number },
): Promise<RawAnswer | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (answer: RawAnswer | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(null), opts.deadlineMs ?? 10_000);
    const parse = (): RawAnswer | null => {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const body = data.subarray(end + 4);
      const length = Number(headers['content-length'] ?? NaN);
      if (Number.isFinite(length) && body.length < length) return null;
      return { status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') };
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const answer = parse();
      if (answer) finish(answer);
    });
    socket.on('close', () => finish(parse()));
    socket.on('error', (err) => (done ? undefined : data.length ? finish(parse()) : reject(err)));
    const head = [
      `${opts.method ?? 'POST'} ${opts.path} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      `Content-Length: ${opts.body.length}`,
      ...Object.entries(opts.headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n');
    socket.write(head);
    socket.write(opts.body.subarray(0, opts.sendBytes));
  });
}
