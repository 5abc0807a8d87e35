import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { crlfRecords } from './crlf-records';

async function through(chunks: string[], prefix?: string): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of Readable.from(chunks.map((s) => Buffer.from(s))).pipe(crlfRecords(prefix))) out.push(Buffer.from(c as Buffer));
  return Buffer.concat(out).toString();
}

describe('crlfRecords', () => {
  const copy = 'a,"x\ny ""q""\n",b\nc,,"é\n"\n';
  const rfc = 'a,"x\ny ""q""\n",b\r\nc,,"é\n"\r\n';

  it('ends records with CRLF, keeping LF inside quoted fields, after the prefix', async () => {
    assert.equal(await through([copy], 'h1,h2\r\n'), `h1,h2\r\n${rfc}`);
  });

  it('keeps the quote state across chunk boundaries, wherever the chunks split', async () => {
    const bytes = Buffer.from(copy);
    for (let at = 0; at <= bytes.length; at++) {
      const chunks = [bytes.subarray(0, at).toString('latin1'), bytes.subarray(at).toString('latin1')];
      const out: Buffer[] = [];
      for await (const c of Readable.from(chunks.map((s) => Buffer.from(s, 'latin1'))).pipe(crlfRecords())) out.push(c as Buffer);
      assert.equal(Buffer.concat(out).toString(), rfc, `split at ${at}`);
    }
  });

  it('writes the prefix alone for an empty source', async () => {
    assert.equal(await through([], 'h\r\n'), 'h\r\n');
  });
});
