import { Readable } from 'node:stream';

export interface Download {
  status: number;
  bytes: number;
  ms: number;
  /** Lines in the body (CSV rows including the header). */
  lines: number;
}

/** GETs a URL and reads the body to the end without keeping it, counting bytes and newlines. */
export async function download(url: string, token: string): Promise<Download> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  let bytes = 0;
  let lines = 0;
  if (res.body) {
    for await (const chunk of Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>)) {
      const buf = chunk as Buffer;
      bytes += buf.length;
      for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
    }
  }
  return { status: res.status, bytes, ms: performance.now() - t0, lines };
}
