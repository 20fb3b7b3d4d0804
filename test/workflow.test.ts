/** The CI workflow calls only npm scripts that exist, and its compare job is a gate that can decide. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parse } from 'yaml';

// dist/test/ -> the repository root
const root = new URL('../../', import.meta.url);

interface Workflow {
  readonly jobs: Record<string, { readonly steps: readonly { readonly name?: string; readonly run?: string }[] }>;
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

test('the compare job runs base and head in 3 alternating rounds of 3 trials, and gates on 5% with markdown into the job summary', async () => {
  const steps = (await workflow()).jobs['compare']?.steps ?? [];
  const bench = steps.find((step) => step.name === 'Benchmark base and head, alternating')?.run ?? '';
  assert.match(bench, /for round in 1 2 3; do/);
  const runs = bench.split('\n').filter((line) => /npm run bench/.test(line));
  assert.equal(runs.length, 2, 'one run of base and one of head in each round');
  for (const line of runs) assert.match(line, /--iterations 3\b/, line);
  assert.match(runs[0] ?? '', /base-\$round/);
  assert.match(runs[1] ?? '', /head-\$round/);
  const compare = steps.find((step) => (step.run ?? '').includes('parabench -- compare'))?.run ?? '';
  const files = (side: string): string => [1, 2, 3].map((round) => `compare/${side}-${round}.json`).join(',');
  assert.ok(compare.includes(`compare ${files('base')} ${files('head')} `), compare);
  for (const flag of ['--threshold 5%', '--fail-on-regression', '--format markdown']) assert.ok(compare.includes(flag), `${flag} in: ${compare}`);
  assert.doesNotMatch(compare, /--correction (bh|none)/, 'Holm, the default: no false alarm on any row but 5% of the time');
  assert.match(compare, />> "\$GITHUB_STEP_SUMMARY"/);
});
