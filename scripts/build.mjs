// Compiles every app, lib, migration and test with one TypeScript program (type-checked once),
// applying the @nestjs/swagger plugin so DTO comments become OpenAPI descriptions, then links
// dist/node_modules/@memfleet/* so the path aliases resolve at run time without a loader hook.
import ts from 'typescript';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const swaggerPlugin = require('@nestjs/swagger/plugin');

const configPath = path.join(root, 'tsconfig.json');
const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
const options = { ...parsed.options, incremental: true, tsBuildInfoFile: path.join(root, 'dist/.tsbuildinfo') };

const started = Date.now();
const builder = ts.createIncrementalProgram({ rootNames: parsed.fileNames, options });
const program = builder.getProgram();
const before = [swaggerPlugin.before({ classValidatorShim: true, introspectComments: true, dtoFileNameSuffix: ['.dto.ts'] }, program)];
const emitted = builder.emit(undefined, undefined, undefined, false, { before });
const diagnostics = [
  ...builder.getConfigFileParsingDiagnostics(),
  ...builder.getSyntacticDiagnostics(),
  ...builder.getSemanticDiagnostics(),
  ...emitted.diagnostics,
];

const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
if (diagnostics.length) process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));

const aliasDir = path.join(root, 'dist/node_modules/@memfleet');
fs.mkdirSync(aliasDir, { recursive: true });
for (const lib of fs.readdirSync(path.join(root, 'libs'))) {
  const link = path.join(aliasDir, lib);
  fs.rmSync(link, { force: true, recursive: true });
  fs.symlinkSync(path.join('..', '..', 'libs', lib, 'src'), link, 'dir');
}
// Drop compiled files whose source is gone, so a deleted spec never runs from a stale dist/.
function prune(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') prune(full);
    } else if (entry.name.endsWith('.js') || entry.name.endsWith('.js.map')) {
      const source = path.join(root, path.relative(path.join(root, 'dist'), full)).replace(/\.js(\.map)?$/, '.ts');
      if (!fs.existsSync(source)) fs.rmSync(full);
    }
  }
}
for (const top of ['apps', 'libs', 'test', 'bench', 'scripts', 'migrations']) {
  const dir = path.join(root, 'dist', top);
  if (fs.existsSync(dir)) prune(dir);
}

const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
console.log(`build: ${parsed.fileNames.length} files in ${((Date.now() - started) / 1000).toFixed(1)}s, ${errors} type errors`);
process.exit(errors ? 1 : 0);
