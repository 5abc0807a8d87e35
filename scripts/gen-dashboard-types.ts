// Writes apps/dashboard/src/api/openapi.gen.ts from openapi.json with openapi-typescript: `paths`,
// `operations` and `components['schemas']` (one type per DTO), so the dashboard reads the API through the
// same DTOs the API documents. With --stdout, prints it instead (npm test compares it with the committed file).
import fs from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

const root = path.resolve(__dirname, '../..');
const OUT = 'apps/dashboard/src/api/openapi.gen.ts';
const HEADER = '// Generated from openapi.json by scripts/gen-dashboard-types.ts (npm run dashboard:types). Do not edit.\n\n';

/** `openapi` is the parsed document (its JSON as @nestjs/swagger writes it). */
export async function generate(openapi: object): Promise<string> {
  const ast = await openapiTS(openapi as OpenAPI3);
  return HEADER + astToString(ast);
}

async function main(): Promise<void> {
  const text = await generate(JSON.parse(fs.readFileSync(path.join(root, 'openapi.json'), 'utf8')) as object);
  if (process.argv.includes('--stdout')) process.stdout.write(text);
  else {
    fs.writeFileSync(path.join(root, OUT), text);
    console.log(`${OUT}: written`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
