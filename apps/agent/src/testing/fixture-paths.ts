import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest directory up from here with a package.json (works from src/ and dist/). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || dir.endsWith(`${path.sep}dist`)) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

/** Fixture host trees live in the source tree (the build emits only .js). */
export function agentFixturesDir(): string {
  return path.join(repoRoot(), 'apps', 'agent', 'fixtures');
}
