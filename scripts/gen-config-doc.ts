// Writes the configuration table in README.md from the env schema (libs/platform/src/config/env.schema.ts).
// With --stdout, prints the README as it should be instead (CI compares it with the committed file).
import fs from 'node:fs';
import path from 'node:path';
import { withConfigTable } from '@memfleet/platform';

const readme = path.resolve(__dirname, '../../README.md');
const text = withConfigTable(fs.readFileSync(readme, 'utf8'));
if (process.argv.includes('--stdout')) process.stdout.write(text);
else {
  fs.writeFileSync(readme, text);
  console.log('README.md: configuration table written');
}
