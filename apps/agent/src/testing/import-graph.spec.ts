import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './fixture-paths';
import { importGraph, relativeImports } from './import-graph';

describe("the agent's folders form a tree", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-imports-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const tree = (name: string, files: Record<string, string>) => {
    const dir = path.join(tmp, name);
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    return dir;
  };

  it('apps/agent/src: no import points up the layers, none leaves the tree, no cycle', () => {
    const graph = importGraph(path.join(repoRoot(), 'apps', 'agent', 'src'));
    assert.ok(graph.edges.size > 40, `read ${graph.edges.size} files`);
    assert.deepEqual(graph.violations, []);
    assert.deepEqual(graph.cycles, []);
  });

  it('reads static, type-only, re-export, side-effect and dynamic imports, not commented ones', () => {
    // spelt with a variable so this spec's own imports are the only ones the tree check reads here
    const imp = 'import';
    const source = [
      `${imp} { a } from './a';`,
      `${imp} type { B } from '../b/b';`,
      `${imp} {\n  c,\n  d,\n} from './cd';`,
      "export * from './e';",
      `${imp} './f';`,
      `const g = await ${imp}('../g/g');`,
      `// ${imp} { h } from './h';`,
      `${imp} fs from 'node:fs';`,
    ].join('\n');
    assert.deepEqual(relativeImports(source), ['./a', '../b/b', './cd', './e', './f', '../g/g']);
  });

  it('flags an upward import, testing/ used outside specs, an unknown folder and a cycle', () => {
    const dir = tree('bad', {
      'run/sender.ts': "import { io } from '../cli/io';\nexport const s = 1;",
      'cli/io.ts': "import { s } from '../run/sender';\nexport const io = s;",
      'report/a.ts': "import { b } from './b';\nimport { paths } from '../testing/paths';\nexport const a = b + paths;",
      'report/b.ts': "import { a } from './a';\nexport const b = a;",
      'report/b.spec.ts': "import { paths } from '../testing/paths';\nimport { b } from './b';",
      'testing/paths.ts': 'export const paths = 1;',
      'misc/x.ts': "import { b } from '../report/b';",
    });
    const graph = importGraph(dir);
    assert.deepEqual(graph.violations, [
      'misc/x.ts: folder misc/ is not one of the layers',
      'report/a.ts imports testing/paths.ts: testing/ is for specs only',
      'run/sender.ts imports cli/io.ts: run may not import cli, a layer above it',
    ]);
    assert.deepEqual(graph.cycles.sort(), [
      ['cli/io.ts', 'run/sender.ts'],
      ['report/a.ts', 'report/b.ts'],
    ]);
  });
});
