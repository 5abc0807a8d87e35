import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeAtomic } from './spool';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * This agent instance's id (`<state-dir>/instance-id`), created with the state directory and kept there. The
 * server orders reports by `sequence` within one instance: a wiped state directory is a new instance whose
 * sequence starts again at 1, and its reports are not taken for old ones.
 */
export function agentInstanceId(stateDir: string): string {
  const file = path.join(stateDir, 'instance-id');
  try {
    const id = fs.readFileSync(file, 'utf8').trim().toLowerCase();
    if (UUID.test(id)) return id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // Missing (a new or pre-instance state directory) or unreadable content: a new instance.
  const id = crypto.randomUUID();
  writeAtomic(file, `${id}\n`);
  return id;
}
