// Writes openapi.json from the API's controllers and DTOs (Nest preview mode: no database needed).
// With --stdout, prints it instead (CI compares it with the committed file).
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../apps/api/src/app.module';
import { createOpenApiDocument } from '../apps/api/src/openapi';

async function main(): Promise<void> {
  // Preview mode builds the module graph without instantiating providers: no database or Redis.
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  const doc = createOpenApiDocument(app);
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (process.argv.includes('--stdout')) process.stdout.write(text);
  else {
    const root = path.resolve(__dirname, '../..');
    fs.writeFileSync(path.join(root, 'openapi.json'), text);
    console.log(`openapi.json: ${Object.keys(doc.paths).length} paths`);
  }
  await app.close();
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
