/** The house rules of the source: imports go only down the layer order, no cycle, every file says what it is for. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// dist/test/ -> the repository root
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The layers, top first: a file may import its own layer and any layer below it, never one above.
 * The pipeline's stages run from measure up to report; run drives them all, and the commands sit
 * on top. trial is what runs inside a trial process: it knows scenarios and strategies and runs
 * the instruments' probes around its work window (each instrument reads with measure's tools); measure hands its report up without knowing it (the
 * reader of its messages is injected). settings declares the runtime settings every stage reads
 * (what a row sets, how a trial gets it). statistics are pure functions
 * over samples, so they know no records; analysis reads recorded rows and renders nothing.
 * Inside scenarios/ and strategies/, the scenarios and strategies sit on their support folders,
 * which sit on the one contract file (scenario.ts, executor.ts). usage-error, safe-text (user
 * text made safe for each destination) and terminal-view are leaves every harness layer above them may use.
 * The instruments (one file each, found by the registry) sit under trial, which runs their probes, and
 * over measure, whose readers they use; their contract (instrument.ts) is a leaf.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['harness/cli.ts'],
  ['harness/compare', 'harness/merge', 'harness/reproduce', 'harness/rerender'],
  ['harness/run'],
  ['harness/exporters'],
  ['harness/report'],
  ['harness/analysis'],
  ['harness/results'],
  ['harness/statistics'],
  ['harness/trial'],
  ['harness/instruments', 'harness/instrument-registry.ts'],
  ['harness/measure'],
  ['harness/settings'],
  ['harness/usage-error.ts', 'harness/safe-text.ts', 'harness/terminal-view.ts', 'harness/instrument.ts'],
  ['scenarios'],
  ['scenarios/api', 'scenarios/http', 'scenarios/server', 'scenarios/support', 'scenarios/tasks'],
  ['scenarios/scenario.ts'],
  ['strategies'],
  ['strategies/pool'],
  ['strategies/executor.ts'],
];

/** The layer of a source path (relative to the root, without extension), by its longest matching room. */
function layerOf(path: string): number {
  let best = -1;
  let bestLength = -1;
  LAYERS.forEach((rooms, index) => {
    for (const room of rooms) {
      const bare = room.replace(/\.ts$/, '');
      if ((path === bare || path.startsWith(`${bare}/`)) && bare.length > bestLength) {
        best = index;
        bestLength = bare.length;
      }
    }
  });
  return best;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of a file (static, re-exports and dynamic), as root-relative paths without extension. */
export function importsOf(file: string, text: string): string[] {
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;'"]*?(?:from\s*)?'(\.{1,2}\/[^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g),
  ].map((m) => m[1] as string);
  return found.map((specifier) => normalize(join(dirname(file), specifier)).replace(/\.js$/, ''));
}

const files = ['harness', 'scenarios', 'strategies'].flatMap(sources);
const graph = new Map(files.map((file) => [file.replace(/\.ts$/, ''), importsOf(file, readFileSync(join(ROOT, file), 'utf8'))]));

test('the import scanner sees static, multi-line, re-exported and dynamic imports', () => {
  const text = "import a from './a.js';\nimport {\n  b,\n} from '../b.js';\nexport { c } from './c.js';\nconst d = await import('./d/e.js');\nimport 'node:fs';";
  assert.deepEqual(importsOf('harness/run/x.ts', text), ['harness/run/a', 'harness/b', 'harness/run/c', 'harness/run/d/e']);
});

test('every source file belongs to a layer', () => {
  const homeless = files.filter((file) => layerOf(file.replace(/\.ts$/, '')) < 0);
  assert.deepEqual(homeless, [], 'add the new room to LAYERS in test/layers.test.ts');
});

test('imports only go down the layer order', () => {
  const upward: string[] = [];
  for (const [file, imports] of graph) {
    for (const target of imports) {
      if (layerOf(target) < layerOf(file)) upward.push(`${file} -> ${target}`);
    }
  }
  assert.deepEqual(upward, [], `imports up the layer order (${LAYERS.map((rooms) => rooms.join(' ')).join(' > ')})`);
});

test('no import cycle between files', () => {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: readonly string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative('.', f)).join(' -> '));
      return;
    }
    state.set(file, 'open');
    for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(cycles, []);
});

test('every source file opens with one line saying what it is for', () => {
  const unsaid = files.filter((file) => {
    const first = readFileSync(join(ROOT, file), 'utf8').split('\n').find((line) => !line.startsWith('#!')) ?? '';
    return !/^\/\*\* .+ \*\/$/.test(first);
  });
  assert.deepEqual(unsaid, [], 'start each with `/** What this file is for. */`');
});
