/** `--task ./module.js#export --inputs ...` and `--scenario ./file.js`: every strategy, verification, and each bad input. */
import { runCli } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';
import { benchOptions, fakeBench } from './fixtures/fake-lab.js';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunResults, Row } from '../harness/results/records.js';
import { canonicalHash, canonicalText } from '../scenarios/support/canonical.js';
import { describeNumber } from './fixtures/task-module.js';

const MODULE = fileURLToPath(new URL('./fixtures/task-module.js', import.meta.url));
const EXAMPLE_SCENARIO = fileURLToPath(new URL('../../examples/scenarios/word-count.js', import.meta.url));
const ALL = ['sequential', 'promise', 'worker-threads', 'child-process', 'cluster', 'piscina', 'tinypool'];
const quick = ['--workers', '2', '--concurrency', '2', '--iterations', '1', '--warmup', '0', '--sample-interval', '0', '--format', 'json,terminal'];
let tmp: string;

const bench = (args: readonly string[]) => runCli(['bench', ...args, '--out', tmp], { cwd: tmp });
const results = async (name: string): Promise<RunResults> => JSON.parse(await readFile(join(tmp, `${name}.json`), 'utf8')) as RunResults;
const rowsOf = (run: RunResults): readonly Row[] => run.scenarios[0]?.rows ?? [];
const failureOf = (row: Row | undefined): string => (row?.state === 'failed' ? row.failure : '');

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-task-'));
  await writeFile(join(tmp, 'numbers.json'), JSON.stringify([3, 4, 5, 6]));
  await writeFile(join(tmp, 'numbers.jsonl'), '3\n4\n\n5\n');
  await writeFile(join(tmp, 'not-json.json'), '[1, 2,');
  await writeFile(join(tmp, 'empty.json'), '[]');
  await writeFile(join(tmp, 'blank.json'), '');
  await writeFile(join(tmp, 'object.json'), '{"a": 1}');
  await writeFile(join(tmp, 'bad-line.jsonl'), '1\n{oops\n3\n');
  await writeFile(join(tmp, 'throws.js'), "throw new Error('no database configured');\nexport function run(n) { return n; }\n");
  await writeFile(join(tmp, 'exits.js'), 'process.exit(3);\nexport function run(n) { return n; }\n');
  await writeFile(join(tmp, 'task.ts'), 'export function run(n: number): number { return n; }\n');
  await mkdir(join(tmp, 'files', 'nested'), { recursive: true });
  await writeFile(join(tmp, 'files', 'a.txt'), 'a');
  await writeFile(join(tmp, 'files', 'nested', 'b.txt'), 'b');
  await mkdir(join(tmp, 'no-files'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});
test('canonical hashes read outputs as structured cloning copies them: key order, class, Buffer and Map order do not matter', async () => {
  const value = await describeNumber(6);
  assert.equal(canonicalHash(structuredClone(value)), canonicalHash(value));
  assert.equal(canonicalText({ a: 1, b: [2, 3] }), canonicalText({ b: [2, 3], a: 1 }));
  assert.equal(canonicalText(new Map([['x', 1], ['y', 2]])), canonicalText(new Map([['y', 2], ['x', 1]])));
  assert.equal(canonicalText(Buffer.from('hi')), canonicalText(new Uint8Array([104, 105])));
  assert.notEqual(canonicalText(0), canonicalText(-0));
  assert.notEqual(canonicalText('1'), canonicalText(1));
  assert.notEqual(canonicalText([1, undefined]), canonicalText([1, null]));
  assert.notEqual(canonicalText(new Uint8Array([1])), canonicalText(new Int8Array([1])));
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic['self'] = cyclic;
  assert.equal(canonicalText(structuredClone(cyclic)), canonicalText(cyclic));
  assert.throws(() => canonicalText({ list: [1, () => 2] }), /a function at \$\.list\[1\]/);
  assert.throws(() => canonicalText({ pending: Promise.resolve(1) }), /a Promise at \$\.pending/);
});

test('inputs come from a JSON array, a JSON-lines file or a folder, and --items takes the first of them (fake lab: the setup is real)', async () => {
  const cases = [
    { inputs: 'numbers.json', items: 4, source: 'JSON array', task: 'describeNumber' },
    { inputs: 'numbers.jsonl', items: 3, source: 'JSON lines', task: 'describeNumber' },
    { inputs: 'files', items: 2, source: 'folder', task: 'whereAmI' },
  ];
  const taskOptions = (task: string, inputs: string, items: readonly number[] | undefined) =>
    benchOptions(tmp, { scenarios: ['task'], params: { task: `${MODULE}#${task}`, inputs: join(tmp, inputs) }, items, strategies: ['sequential', 'worker-threads'] });
  for (const { inputs, items, source, task } of cases) {
    const run = await fakeBench(taskOptions(task, inputs, undefined));
    assert.equal(run.exitCode, 0, run.printed);
    const result = run.results;
    assert.equal(result.scenarios[0]?.items, items, inputs);
    assert.equal(result.scenarios[0]?.facts['inputs'], `${source} ${join(tmp, inputs)}`);
    assert.ok(rowsOf(result).every((row) => row.state === 'completed'), inputs);
    assert.ok(run.lab.trials.every((trial) => trial.items === items), `${inputs}: every trial is given the ${items} inputs there are`);
  }
  const capped = await fakeBench(taskOptions('describeNumber', 'numbers.json', [2, 3]));
  assert.equal(capped.exitCode, 0, capped.printed);
  assert.deepEqual(capped.results.scenarios.map((scenario) => scenario.items), [2, 3], 'an --items sweep takes the first 2, then 3 inputs');
});

test('each bad --task or --inputs is a usage error (exit 2) naming the file, export or line (in this process)', async () => {
  const cases: [readonly string[], RegExp][] = [
    [['--task', './missing.js#run', '--inputs', '3'], /module missing\.js does not exist/],
    [['--task', `${MODULE}#nothing`, '--inputs', '3'], /has no export "nothing" \(its exported functions: describeNumber, /],
    [['--task', `${MODULE}#notAFunction`, '--inputs', '3'], /export "notAFunction" of .*task-module\.js is a number, not a function/],
    [['--task', `${MODULE}`, '--inputs', '3'], /name the export after a #/],
    [['--task', './throws.js#run', '--inputs', '3'], /module throws\.js threw while being imported \(Error: no database configured\)/],
    [['--task', './exits.js#run', '--inputs', '3'], /--task: module exits\.js called process\.exit\(3\) while being imported; it must import cleanly/],
    [['--task', './task.ts#run', '--inputs', '3'], /task\.ts is TypeScript: compile it to JavaScript first/],
    [['--task', `${MODULE}#whereAmI`], /--task needs --inputs/],
    [['--task', `${MODULE}#whereAmI`, '--inputs', 'nowhere.json'], /--inputs: nowhere\.json does not exist/],
    [['--task', `${MODULE}#whereAmI`, '--inputs', 'not-json.json'], /--inputs: not-json\.json is not JSON/],
    [['--task', `${MODULE}#whereAmI`, '--inputs', 'empty.json'], /--inputs: empty\.json is an empty array/],
    [['--task', `${MODULE}#whereAmI`, '--inputs', 'blank.json'], /--inputs: blank\.json is empty/],
    [['--task', `${MODULE}#whereAmI`, '--inputs', 'object.json'], /object\.json holds a JSON object, not an array/],
    [['--task', `${MODULE}#whereAmI`, '--inputs', 'bad-line.jsonl'], /line 2 of bad-line\.jsonl is not JSON/],
    [['--task', `${MODULE}#whereAmI`, '--inputs', 'no-files'], /--inputs: no-files has no files/],
    [['--task', `${MODULE}#whereAmI`, '--inputs', '0'], /a count of inputs must be 1 or more/],
    [['--inputs', '3'], /--inputs are the inputs of --task/],
    [['--scenario', 'cpu', '--task', `${MODULE}#whereAmI`, '--inputs', '3'], /leave out --scenario cpu/],
    [['--scenario', 'task'], /the task scenario needs --task/],
    [['--scenario', './missing-scenario.js'], /--scenario \.\/missing-scenario\.js: no such file/],
    [['--scenario', './task.ts'], /--scenario \.\/task\.ts: TypeScript: compile it to JavaScript first/],
    [['--scenario', './throws.js'], /--scenario \.\/throws\.js: the module threw while being imported \(Error: no database configured\)/],
    [['--scenario', './exits.js'], /--scenario \.\/exits\.js: the module called process\.exit\(3\) while being imported/],
    [['--strategy', './exits.js'], /--strategy \.\/exits\.js .*: it called process\.exit\(3\) while being imported/],
    [['--scenario', `${MODULE}`], /its scenario lacks|exports no scenario/],
  ];
  for (const [args, message] of cases) {
    const run = await runHere(['bench', ...args, ...(args.includes('--strategy') ? [] : ['--strategy', 'sequential']), ...quick, '--name', 'bad', '--out', tmp], { cwd: tmp });
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(' '));
  }
});

// Real trials, one bench a test, the benches at once on both cores: no test here reads a time, only
// exit codes, states, verification and what is printed, and each writes results of its own name.
describe('real trials', { concurrency: true }, () => {
  test('a task runs under every strategy, with chunks, and every row is verified against the sequential outputs', async () => {
    const run = await bench(['--task', `${MODULE}#describeNumber`, '--inputs', '7', '--chunk-size', '2', ...quick, '--name', 'all']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const result = await results('all');
    const rows = rowsOf(result);
    assert.deepEqual(rows.map((row) => row.strategy), ALL);
    for (const row of rows) {
      assert.equal(row.state, 'completed', `${row.label}: ${failureOf(row)}`);
      assert.ok(row.trials.every((trial) => trial.verified && trial.items === 7), row.label);
    }
    const scenario = result.scenarios[0];
    assert.equal(scenario?.scenario, 'describeNumber', 'a task run is named after its function');
    assert.equal(scenario?.items, 7);
    assert.equal(scenario?.facts['export'], 'describeNumber');
    assert.match(String(scenario?.facts['module']), /task-module\.js$/);
    assert.equal(scenario?.facts['inputs'], 'count 7 (inputs 0..6)');
    assert.match(scenario?.summary ?? '', /task-module\.js#describeNumber over 7 inputs/);
    assert.match(String(result.parameters['task']), /task-module\.js#describeNumber$/);
    assert.match(run.stdout, /describeNumber: .* (faster|slower) than sequential/);
  });

  test('a task whose output depends on the thread or process fails the rows that change it, and only those', async () => {
    const run = await bench(['--task', `${MODULE}#whereAmI`, '--inputs', '3', ...quick, '--name', 'where']);
    assert.equal(run.code, 1, 'a failed row makes the run exit 1');
    const rows = rowsOf(await results('where'));
    for (const row of rows) {
      if (row.strategy === 'sequential' || row.strategy === 'promise') assert.equal(row.state, 'completed', row.label);
      else assert.match(failureOf(row), /output of item 0 differs from the sequential run's/, row.label);
    }
  });

  test("an item that throws, or whose output cannot be cloned back, fails that item in every row, not the run", async () => {
    const throws = await bench(['--task', `${MODULE}#throwsOnTwo`, '--inputs', '4', '--strategy', 'sequential,worker-threads', ...quick, '--name', 'throws']);
    assert.equal(throws.code, 0, throws.stderr + throws.stdout);
    assert.ok(rowsOf(await results('throws')).every((row) => row.state === 'completed'));
    assert.match(throws.stdout, /1 item\(s\) failed in every strategy[\s\S]*item 2: input 2 is not acceptable/);

    const clone = await bench(['--task', `${MODULE}#returnsFunction`, '--inputs', '3', '--strategy', 'sequential,promise,worker-threads,child-process', ...quick, '--name', 'clone']);
    assert.equal(clone.code, 0, clone.stderr + clone.stdout);
    const rows = rowsOf(await results('clone'));
    for (const row of rows) {
      const failures = row.trials[0]?.itemFailures ?? [];
      assert.deepEqual(failures.map((f) => [f.item, f.code]), [[1, 'NOT_CLONABLE']], row.label);
      assert.match(failures[0]?.message ?? '', /item 1 failed: its output is not structured-clonable/, row.label);
    }
    assert.match(rows.find((row) => row.strategy === 'sequential')?.trials[0]?.itemFailures[0]?.message ?? '', /a function at \$\.callback/);
  });

  test('--scenario ./file.js loads a Scenario module, with its own flags, and runs it under the strategies', async () => {
    const run = await bench(['--scenario', EXAMPLE_SCENARIO, '--words', '300', '--items', '4', '--strategy', 'sequential,worker-threads,child-process', ...quick, '--name', 'words']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const result = await results('words');
    assert.equal(result.scenarios[0]?.scenario, 'word-count');
    assert.equal(result.scenarios[0]?.facts['wordsPerDocument'], 300);
    assert.ok(rowsOf(result).every((row) => row.state === 'completed' && row.trials.every((trial) => trial.verified)));
    assert.ok(rowsOf(result).every((row) => row.command.includes('--words')));
  });

  test('the examples in examples/tasks run as shipped, with verified outputs', async () => {
    const examples = fileURLToPath(new URL('../../examples/tasks/', import.meta.url));
    // The three runs at once, on both cores: nothing here reads a time, only states and verification.
    await Promise.all(['hash', 'sleep', 'pbkdf2'].map(async (name) => {
      const run = await bench(['--task', `${examples}${name}.js#${name}`, '--inputs', '4', '--strategy', 'sequential,promise,worker-threads,child-process', ...quick, '--name', `example-${name}`]);
      assert.equal(run.code, 0, `${name}: ${run.stderr + run.stdout}`);
      assert.ok(rowsOf(await results(`example-${name}`)).every((row) => row.state === 'completed' && row.trials.every((trial) => trial.verified)), name);
    }));
  });
});
