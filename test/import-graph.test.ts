// The modules of the local AWS and of the action import each other in one direction: no module needs, however
// indirectly, a module that needs it. Type-only imports count too: they tie two modules together all the same.
// TypeScript's own pre-processor lists what each file imports (import, import type, export … from, import()),
// so comments and strings that look like imports are not mistaken for them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const folders = ['local-aws', 'src'];

/** Every .ts module under the folders, as a path from the repository root. */
function modulesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(folder, file))
    .sort();
}

/**
 * The modules a module imports by a relative path, as paths from the repository root. JSON files and the generated
 * schema validator are left out: they import none of the project's modules.
 */
function importsOf(module: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, module), 'utf8'), true, true);
  const imported = importedFiles
    .map((reference) => reference.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(root, join(root, dirname(module), specifier)));
  for (const target of imported) {
    // A specifier that names no file (an extension left off) would be an edge this test cannot follow.
    if (!existsSync(join(root, target))) throw new Error(`${module} imports ${target}, which does not exist`);
  }
  return [...new Set(imported.filter((target) => target.endsWith('.ts')))];
}

/**
 * The cycles a depth-first walk meets, each written `a.ts → b.ts → a.ts`. Every import graph with a cycle yields at
 * least one; an acyclic graph yields none.
 */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (module: string) => {
    const at = path.indexOf(module);
    if (at >= 0) {
      found.push([...path.slice(at), module].join(' → '));
      return;
    }
    if (done.has(module)) return;
    path.push(module);
    for (const imported of graph.get(module) ?? []) visit(imported);
    path.pop();
    done.add(module);
  };
  for (const module of graph.keys()) visit(module);
  return found;
}

const graph = new Map(folders.flatMap(modulesUnder).map((module) => [module, importsOf(module)]));

describe('import graph', () => {
  it.each(folders)('%s/ has no import cycle', (folder) => {
    expect(graph.size).toBeGreaterThan(0);
    const inFolder = cycles(graph).filter((cycle) => cycle.startsWith(`${folder}/`));
    expect(inFolder, `import cycles:\n${inFolder.join('\n')}`).toEqual([]);
  });

  it('finds a cycle where there is one, through type-only imports and re-exports too', () => {
    const seen = (source: string) =>
      ts.preProcessFile(source, true, true).importedFiles.map((reference) => reference.fileName);
    expect(seen("import type { A } from './a.ts';\nexport { B } from './b.ts';\n// import './c.ts'")).toEqual(
      ['./a.ts', './b.ts'],
    );
    const looped = new Map([
      ['x/state.ts', ['x/jobs.ts']],
      ['x/jobs.ts', ['x/seed.ts']],
      ['x/seed.ts', ['x/state.ts', 'x/jobs.ts']],
    ]);
    expect(cycles(looped)).toEqual([
      'x/state.ts → x/jobs.ts → x/seed.ts → x/state.ts',
      'x/jobs.ts → x/seed.ts → x/jobs.ts',
    ]);
    expect(
      cycles(
        new Map([
          ['x/a.ts', ['x/b.ts']],
          ['x/b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });
});
