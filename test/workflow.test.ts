import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parse } from 'yaml';

// dist/test/ -> the repository root
const root = new URL('../../', import.meta.url);

interface Step {
  readonly run?: string;
  readonly uses?: string;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, { readonly steps: readonly Step[]; readonly strategy?: { readonly matrix?: Record<string, unknown> } }>;
}

async function workflow(): Promise<Workflow> {
  return parse(await readFile(new URL('.github/workflows/bench.yml', root), 'utf8')) as Workflow;
}

/** The script names of every `npm run [flags] NAME` in a shell snippet. */
export function npmScripts(shell: string): string[] {
  return [...shell.matchAll(/\bnpm\s+run(?:-script)?((?:\s+-{1,2}[a-z-]+)*)\s+([A-Za-z0-9:_-]+)/g)].map((m) => m[2] as string);
}

test('npmScripts finds script names past npm flags', () => {
  assert.deepEqual(npmScripts('npm run bench -- --quick && npm run --silent parabench -- merge x\nnpm run -s test'), ['bench', 'parabench', 'test']);
});

test('every npm script the workflow runs exists in package.json', async () => {
  const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> };
  const runs = Object.values((await workflow()).jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
  const called = runs.flatMap(npmScripts);
  assert.ok(called.includes('bench') && called.includes('parabench'), `found: ${called.join(', ')}`);
  for (const name of called) assert.ok(name in pkg.scripts, `npm run ${name} is not a script in package.json`);
});

test('the workflow benches a matrix of systems and Node 20/22/24, merges, and compares pull requests', async () => {
  const wf = await workflow();
  const matrix = wf.jobs['bench']?.strategy?.matrix ?? {};
  assert.deepEqual(matrix['node'], [20, 22, 24]);
  assert.ok(Array.isArray(matrix['os']) && (matrix['os'] as string[]).length >= 3);
  const runOf = (job: string): string => (wf.jobs[job]?.steps ?? []).map((s) => s.run ?? '').join('\n');
  assert.match(runOf('bench'), /npm run bench -- --scenario all --quick/);
  assert.ok((wf.jobs['bench']?.steps ?? []).some((s) => s.uses?.startsWith('actions/upload-artifact')));
  assert.match(runOf('merge'), /parabench -- merge .* --format markdown >> "\$GITHUB_STEP_SUMMARY"/);
  assert.match(runOf('compare'), /parabench -- compare compare\/base-1\.json,\S+ compare\/head-1\.json,\S+ .*--fail-on-regression/);
  assert.ok('pull_request' in wf.on);
});
