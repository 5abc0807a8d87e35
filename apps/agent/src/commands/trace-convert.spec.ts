import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { convertRecord } from './trace-convert';

const line = (text: string, vm = 1) => {
  const r = convertRecord(text, vm);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.reason}`);
  return r.line;
};

describe('trace convert: lalloc-style records', () => {
  it('JSON and Lua-table records, named and single-letter actions, vm and ts fields', () => {
    assert.equal(line('{"action":"alloc","index":3,"size":64,"osize":0}'), 'a 1 3 64');
    assert.equal(line('{"action":"realloc","index":3,"size":128,"osize":64,"vm":7,"ts":99}'), 'r 7 3 64 128 99');
    assert.equal(line('{ action = "f", index = 3, size = 0, osize = 128 },', 4), 'f 4 3 128');
    assert.equal(line("{action='malloc', index=0x10, size=16}"), 'a 1 16 16');
  });

  it('without an action: size 0 is a free, osize 0 an allocation, otherwise a realloc', () => {
    assert.equal(line('{index=1, size=32, osize=0}'), 'a 1 1 32');
    assert.equal(line('{index=1, size=0, osize=32}'), 'f 1 1 32');
    assert.equal(line('{index=1, size=64, osize=32}'), 'r 1 1 32 64');
  });

  it('skips blank lines, comments and frame lines; names what is wrong otherwise', () => {
    for (const skip of ['', '  ', '# c', '-- lua comment', 'return {', '}', '},', '[']) assert.equal(line(skip), null);
    const bad = (text: string) => {
      const r = convertRecord(text, 1);
      assert.ok(!r.ok);
      return r.reason;
    };
    assert.equal(bad('{"action":"grow","index":1,"size":8}'), 'unknown action "grow" (expected alloc, free or realloc)');
    assert.equal(bad('{"action":"alloc","size":8}'), 'no index');
    assert.equal(bad('{"action":"alloc","index":1,"size":0}'), 'alloc without a size > 0');
    assert.equal(bad('{"action":"realloc","index":1,"size":8}'), 'realloc needs both size and osize');
    assert.equal(bad('{"index":1,"size":-3}'), 'size "-3" is not a non-negative integer');
    assert.equal(bad('hello there'), 'not a {action, index, size, osize} record');
  });
});
