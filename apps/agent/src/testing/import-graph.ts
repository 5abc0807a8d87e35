import fs from 'node:fs';
import path from 'node:path';

/**
 * The agent's layers, top first: a file may import its own folder or a layer below it, never one above.
 * `cli/` parses and dispatches, `commands/` do the work with `run/`, `report/`, `collectors/` and the leaves
 * below them; `testing/` is for specs only.
 */
export const AGENT_LAYERS = ['main.ts', 'cli', 'commands', 'run', 'report', 'testing', 'collectors', 'config', 'spool', 'net', 'output', 'version.ts'] as const;

const SPEC = /\.(spec|e2e-spec)\.ts$/;
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every `.ts` file under `dir`, as paths relative to it with `/` separators. */
function tsFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...tsFiles(dir, child));
    else if (entry.name.endsWith('.ts')) out.push(child);
  }
  return out;
}

/** Relative import specifiers of one source text (static, re-export, side-effect and dynamic forms). */
export function relativeImports(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]).filter((s) => s.startsWith('.'));
}

function resolve(files: Set<string>, from: string, spec: string): string | null {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) if (files.has(candidate)) return candidate;
  return null;
}

const layerOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);

export interface ImportGraph {
  edges: Map<string, string[]>;
  /** Imports that point up the layers, outside the source tree, into `testing/` from non-test code, or to a folder not in AGENT_LAYERS. */
  violations: string[];
  /** Each import cycle once, as the files around it. */
  cycles: string[][];
}

/** Reads every import under `srcDir` and judges it against `layers`. */
export function importGraph(srcDir: string, layers: readonly string[] = AGENT_LAYERS): ImportGraph {
  const files = new Set(tsFiles(srcDir));
  const edges = new Map<string, string[]>();
  const violations: string[] = [];
  for (const file of [...files].sort()) {
    const targets: string[] = [];
    const from = layerOf(file);
    const isTest = SPEC.test(file) || from === 'testing';
    if (!layers.includes(from)) violations.push(`${file}: folder ${from}/ is not one of the layers`);
    for (const spec of relativeImports(fs.readFileSync(path.join(srcDir, file), 'utf8'))) {
      const target = resolve(files, file, spec);
      if (target === null) {
        violations.push(`${file} imports ${spec}, outside the source tree or missing`);
        continue;
      }
      targets.push(target);
      const to = layerOf(target);
      if (to === from) continue;
      if (to === 'testing') {
        if (!isTest) violations.push(`${file} imports ${target}: testing/ is for specs only`);
        continue;
      }
      if (layers.indexOf(to) < layers.indexOf(from)) violations.push(`${file} imports ${target}: ${from} may not import ${to}, a layer above it`);
    }
    edges.set(file, targets);
  }
  return { edges, violations, cycles: cyclesOf(edges) };
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cyclesOf(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}
