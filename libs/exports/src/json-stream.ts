import { Readable } from 'node:stream';

// Streams JSON whose one large part is an array, item by item: memory stays at one item plus one chunk
// however many items there are. Chunks are joined up to CHUNK_CHARS so a big export is not a flood of
// tiny writes; Readable.from pulls only when the consumer reads, so backpressure reaches the source.
const CHUNK_CHARS = 64 * 1024;

async function* joined(parts: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const part of parts) {
    buffer += part;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

async function* arrayParts(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const item of items) {
    yield (first ? '\n' : ',\n') + JSON.stringify(item);
    first = false;
  }
  yield first ? ']' : '\n]';
}

async function* objectParts(head: Record<string, unknown>, arrays: [string, AsyncIterable<unknown>][]): AsyncGenerator<string> {
  const text = JSON.stringify(head);
  let sep = text === '{}' ? '' : ',';
  yield text.slice(0, -1);
  for (const [key, items] of arrays) {
    yield `${sep}${JSON.stringify(key)}:`;
    yield* arrayParts(items);
    sep = ',';
  }
  yield '}\n';
}

/** A JSON array of `items`, streamed. */
export const jsonArrayStream = (items: AsyncIterable<unknown>): Readable => Readable.from(joined(arrayParts(items)), { objectMode: false });

/** `{ ...head, [key]: [ …items ], … }`, each array streamed in turn; no key may be a key of `head`. */
export const jsonObjectStream = (head: Record<string, unknown>, arrays: [string, AsyncIterable<unknown>][]): Readable =>
  Readable.from(joined(objectParts(head, arrays)), { objectMode: false });
