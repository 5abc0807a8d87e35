import path from 'node:path';
import { agentFixturesDir } from './fixture-paths';
import { writeFixture } from './fixture-tree';
import { SCENARIOS } from './fixture-scenarios';

// Regenerates apps/agent/fixtures/<name>/ from SCENARIOS: npx tsx apps/agent/src/testing/generate-fixtures.ts
for (const [name, host] of Object.entries(SCENARIOS)) {
  writeFixture(path.join(agentFixturesDir(), name), host);
  process.stdout.write(`fixture ${name}\n`);
}
