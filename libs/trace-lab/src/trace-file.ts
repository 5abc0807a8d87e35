import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** Reads a trace file as chunks; gunzips when the file starts with the gzip magic bytes (1f 8b), whatever its name. */
export async function* openTraceFile(path: string): AsyncIterable<Buffer> {
  const handle = await open(path, 'r');
  const head = Buffer.alloc(2);
  let gz: boolean;
  try {
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    gz = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const stream = gz ? file.pipe(createGunzip({ chunkSize: 1024 * 1024 })) : file;
  if (gz) file.on('error', (err) => stream.destroy(err));
  for await (const chunk of stream) yield chunk as Buffer;
}
