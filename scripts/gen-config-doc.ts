// Writes the configuration table in README.md from the env schema (libs/platform/src/config/env.schema.ts),
// laid out as Prettier lays out Markdown tables, so formatting the README leaves it as generated.
// With --stdout, prints the README as it should be instead (CI compares it with the committed file).
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { configTable, withConfigTable } from '@memfleet/platform';

async function main(): Promise<void> {
  const readme = path.resolve(__dirname, '../../README.md');
  const options = (await prettier.resolveConfig(readme)) ?? {};
  const table = await prettier.format(configTable(), { ...options, parser: 'markdown' });
  const text = withConfigTable(fs.readFileSync(readme, 'utf8'), table);
  if (process.argv.includes('--stdout')) process.stdout.write(text);
  else {
    fs.writeFileSync(readme, text);
    console.log('README.md: configuration table written');
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
