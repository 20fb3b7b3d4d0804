/** The CI workflow calls only npm scripts that exist. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parse } from 'yaml';

// dist/test/ -> the repository root
const root = new URL('../../', import.meta.url);

interface Workflow {
  readonly jobs: Record<string, { readonly steps: readonly { readonly run?: string }[] }>;
}

async function workflow(): Promise<Workflow> {
  return parse(await readFile(new URL('.github/workflows/bench.yml', root), 'utf8')) as Workflow;
}

/** The script names of every `npm run [flags] NAME` in a shell snippet. */
function npmScripts(shell: string): string[] {
  return [...shell.matchAll(/\bnpm\s+run(?:-script)?((?:\s+-{1,2}[a-z-]+)*)\s+([A-Za-z0-9:_-]+)/g)].map((m) => m[2] as string);
}

test('every npm script the workflow runs exists in package.json', async () => {
  const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> };
  const runs = Object.values((await workflow()).jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
  const called = runs.flatMap(npmScripts);
  assert.ok(called.includes('bench') && called.includes('parabench'), `found: ${called.join(', ')}`);
  for (const name of called) assert.ok(name in pkg.scripts, `npm run ${name} is not a script in package.json`);
});
