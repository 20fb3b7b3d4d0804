/** The `task` scenario: the user's own function over the user's own inputs, under every strategy. */
// The user's own function (`--task ./module.js#export --inputs ...`) as a scenario, run under every strategy.
import { toErrorInfo, type TaskRef } from '../strategies/executor.js';
import { canonicalHash, UnhashableError } from './support/canonical.js';
import { formatSource, inputsProblem, inputsSource, readInputs, type TaskInputs } from './support/task-inputs.js';
import { badInput, checkTask, formatTaskSpec, parseTaskSpec, shownPath, taskRef, taskSpecProblem, type TaskSpec } from './support/task-module.js';
import type { DigestFailure, Scenario, ScenarioFlag } from './scenario.js';

const flags: readonly ScenarioFlag[] = [
  {
    name: 'task',
    description: 'task: your function to run under every strategy, as ./module.js#exportName (compiled JavaScript; selects the task scenario)',
    defaultValue: '',
    // Left out is fine here: `check` then says what the task scenario needs.
    check: (value) => (value === '' ? undefined : taskSpecProblem(value)),
  },
  {
    name: 'inputs',
    description: 'task: its inputs: a count N (inputs 0..N-1), a JSON array file, a JSON-lines file (.jsonl, .ndjson) or a folder (each file path is an input)',
    defaultValue: '',
    check: (value) => (value === '' ? undefined : inputsProblem(value)),
  },
];

interface Prepared {
  readonly task: TaskRef;
  readonly inputs: readonly unknown[];
  /** Items whose outputs could not be hashed, filled in by `digest`. */
  readonly unhashed: DigestFailure[];
}

/** The `--task` of a run; a usage error when it was left out (`--scenario task` alone). */
function specOf(params: Readonly<Record<string, string>>): TaskSpec {
  const value = params['task'] ?? '';
  if (value === '') throw badInput('the task scenario needs --task ./module.js#exportName and --inputs');
  return parseTaskSpec(value);
}

/** The `--inputs` of a run, read; a usage error when they were left out or cannot be read. */
async function inputsOf(params: Readonly<Record<string, string>>): Promise<TaskInputs> {
  const value = params['inputs'] ?? '';
  if (value === '') throw badInput('--task needs --inputs: a count N (inputs 0..N-1), a JSON array file, a JSON-lines file (.jsonl, .ndjson) or a folder');
  return readInputs(await inputsSource(value));
}

/**
 * `--task` and `--inputs` with absolute paths, so a trial command runs from any folder and the
 * recorded command says exactly what ran; other params pass through.
 */
export async function absoluteTaskParams(params: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const resolved = { ...params };
  const task = params['task'];
  if (task !== undefined && task !== '' && taskSpecProblem(task) === undefined) resolved['task'] = formatTaskSpec(parseTaskSpec(task));
  const inputs = params['inputs'];
  if (inputs !== undefined && inputs !== '' && inputsProblem(inputs) === undefined) resolved['inputs'] = formatSource(await inputsSource(inputs));
  return resolved;
}

/** A user's function and its inputs under every strategy; outputs hashed canonically and compared with the sequential run's. */
export const task: Scenario<Prepared> = {
  name: 'task',
  summary: 'your own function (--task ./module.js#export) over your inputs (--inputs), outputs hashed and compared',
  // Every input unless --items asks for fewer (setup caps the count at the inputs there are).
  items: { normal: Number.MAX_SAFE_INTEGER, quick: Number.MAX_SAFE_INTEGER, full: Number.MAX_SAFE_INTEGER },
  standalone: true,
  flags,

  async check(params) {
    const spec = specOf(params);
    await inputsOf(params);
    await checkTask(spec);
  },

  describe(params) {
    const spec = specOf(params);
    const inputs = params['inputs'] ?? '';
    const shownInputs = /^\d+$/.test(inputs.trim()) ? `${inputs.trim()} inputs (0..${Number(inputs) - 1})` : `inputs from ${shownPath(inputs)}`;
    // Named after the export, so verdicts read "hash: ..." and compare pairs runs of the same function.
    return { name: spec.export, summary: `your function ${shownPath(spec.path)}#${spec.export} over ${shownInputs}` };
  },

  async setup(options) {
    const spec = specOf(options.params);
    const inputs = await inputsOf(options.params);
    return {
      items: Math.min(options.items, inputs.values.length),
      module: shownPath(spec.path),
      export: spec.export,
      inputs: inputs.description,
      inputsAvailable: inputs.values.length,
    };
  },

  async prepare(options) {
    const inputs = await inputsOf(options.params);
    return { task: taskRef(specOf(options.params)), inputs: inputs.values.slice(0, options.items), unhashed: [] };
  },

  tasks: (options) => [taskRef(specOf(options.params))],

  run(executor, prepared, options) {
    return executor.mapSettled(prepared.task, prepared.inputs, { chunkSize: options.chunkSize });
  },

  async digest(prepared, outcomes) {
    return outcomes.map((outcome, item) => {
      if (!outcome.ok) return null;
      try {
        return canonicalHash(outcome.value);
      } catch (error) {
        // A value nested deeper than the stack allows is the other way hashing fails (a RangeError).
        const reason = toErrorInfo(error).message;
        prepared.unhashed.push(
          error instanceof UnhashableError
            ? { item, code: 'NOT_CLONABLE', message: `its output is not structured-clonable (${reason}): a worker or process could not send it back, and it cannot be hashed` }
            : { item, code: 'NOT_HASHABLE', message: `its output could not be hashed (${reason})` },
        );
        return null;
      }
    });
  },

  digestFailures(prepared) {
    return prepared.unhashed;
  },

  counters() {
    return {};
  },

  async facts() {
    return {};
  },

  async cleanup() {},
};
