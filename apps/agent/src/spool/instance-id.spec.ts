import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentInstanceId } from './instance-id';

describe('agent instance id', () => {
  it('is created with the state directory, kept across calls, and new once the directory is wiped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-instance-'));
    const first = agentInstanceId(dir);
    assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(agentInstanceId(dir), first);
    assert.equal(fs.statSync(path.join(dir, 'instance-id')).mode & 0o777, 0o600);
    fs.rmSync(dir, { recursive: true });
    fs.mkdirSync(dir);
    assert.notEqual(agentInstanceId(dir), first);
    fs.rmSync(dir, { recursive: true });
  });

  it('replaces content that is not a UUID', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-instance-'));
    fs.writeFileSync(path.join(dir, 'instance-id'), 'garbage\n');
    const id = agentInstanceId(dir);
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(fs.readFileSync(path.join(dir, 'instance-id'), 'utf8').trim(), id);
    fs.rmSync(dir, { recursive: true });
  });
});
