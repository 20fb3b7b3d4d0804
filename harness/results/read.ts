/** Reads a results file back, refusing with a clear reason one that is cut off, foreign or of another version. */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { atPointer, describePlace, valueAt } from './field-place.js';
import { SCHEMA_VERSION, type RunResults } from './records.js';
import { READABLE_SCHEMA_VERSIONS, schemaErrors, type SchemaError } from './schema.js';

/** Schema versions this build reads. An older file is refused with this list rather than misread. */
export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = READABLE_SCHEMA_VERSIONS;

/**
 * A version-1 file in version 2's shape: what version 1 did not measure (threads by kind, GC,
 * event loops, foreign load, the work window's marks) is null or empty, never made up.
 */
export function upgradeResults(value: RunResults | (Omit<RunResults, 'schemaVersion'> & { schemaVersion: number })): RunResults {
  if (value.schemaVersion === SCHEMA_VERSION) return value as RunResults;
  return {
    ...value,
    schemaVersion: SCHEMA_VERSION,
    scenarios: value.scenarios.map((scenario) => ({
      ...scenario,
      rows: scenario.rows.map((row) => ({
        ...row,
        trials: row.trials.map((trial) => ({
          ...trial,
          peakRssMethod: trial.peakRssMethod ?? 'largest summed RSS among pidusage samples (schema 1)',
          window: trial.window ?? null,
          windowSampleIntervalMs: trial.windowSampleIntervalMs ?? row.sampleIntervalMs ?? 0,
          foreignLoadCores: trial.foreignLoadCores ?? null,
          threads: trial.threads ?? null,
          jsThreads: trial.jsThreads ?? [],
        })),
      })),
    })),
  };
}

/** Why a results file could not be used. */
export type ResultsFileProblem = 'missing' | 'not-json' | 'truncated' | 'schema-version' | 'invalid' | 'impossible' | 'reproduce-report';

/** A results file that cannot be read; `code` BAD_INPUT makes the CLI exit 2 with the message alone. */
export class ResultsFileError extends Error {
  override readonly name = 'ResultsFileError';
  readonly code = 'BAD_INPUT';
  constructor(
    readonly path: string,
    readonly problem: ResultsFileProblem,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** True when the text stops inside a string or with brackets still open: a file cut off, not a malformed one. */
function endsEarly(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') depth -= 1;
  }
  return inString || depth > 0;
}

const firstFew = (lines: readonly string[]): string => `${lines.slice(0, 3).join('; ')}${lines.length > 3 ? `; and ${lines.length - 3} more` : ''}`;

/** True where the schema refused a number for its value (out of range, or not finite) rather than the file's shape. */
function isImpossible(root: unknown, error: SchemaError): boolean {
  if (['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'].includes(error.keyword)) return true;
  if (error.keyword !== 'type') return false;
  const at = atPointer(root, error.pointer);
  return typeof at === 'number' && !Number.isFinite(at);
}

/** What a number must be, in words: a real time above 0, an amount not negative, any number finite. */
function rule(error: SchemaError): string {
  if (error.keyword === 'type') return 'it must be a finite number';
  if (error.keyword === 'exclusiveMinimum' && error.message === 'must be > 0') return 'a real time runs from a spawn to an exit, so it must be above 0';
  if (error.keyword === 'minimum' && error.message === 'must be >= 0') return 'a time, a count or a size cannot be negative';
  return `it ${error.message}`;
}

/**
 * A `parabench reproduce` report (`<out>/<id>-<slug>.json`) is not a results file: it is built
 * from the bench runs it wrote to `<out>/runs/`, which compare and merge read. Says which, or
 * undefined when the value is no such report.
 */
function reproduceReportProblem(path: string, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || 'schemaVersion' in value) return undefined;
  const { document, runs } = value as { document?: unknown; runs?: unknown };
  if (typeof document !== 'object' || document === null || !Array.isArray(runs)) return undefined;
  const { id, slug } = document as { id?: unknown; slug?: unknown };
  const beside = join(dirname(path), 'runs');
  const files = runs.flatMap((run: unknown) => {
    const recorded = typeof run === 'object' && run !== null ? (run as { path?: unknown; experiment?: unknown }) : {};
    return typeof recorded.path === 'string' ? [`${join(beside, basename(recorded.path))}${typeof recorded.experiment === 'string' ? ` (${recorded.experiment})` : ''}`] : [];
  });
  const which = typeof id === 'string' ? ` of document ${id}${typeof slug === 'string' ? ` (${slug})` : ''}` : '';
  return (
    `a \`parabench reproduce\` report${which}, not the results of a bench run. ` +
    `Compare or merge the bench results it was built from, in ${beside}${files.length > 0 ? `: ${files.join(', ')}` : ''}.`
  );
}

/** Parses the text of a results file, or throws a ResultsFileError that says what is wrong and what to do. */
export function parseResults(path: string, text: string): RunResults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (text.trim().length === 0 || endsEarly(text)) {
      throw new ResultsFileError(path, 'truncated', `the file ends early (${text.length} bytes; ${detail}): it was cut off, perhaps by an interrupted copy or a full disk. Run the benchmark again.`);
    }
    throw new ResultsFileError(path, 'not-json', `not JSON (${detail}); pass the .json file a \`parabench bench\` run wrote.`);
  }
  if (Array.isArray(value)) {
    throw new ResultsFileError(path, 'invalid', 'a JSON array, not a parabench results file (.benchmark.json files are for github-action-benchmark); pass the run\'s <name>.json.');
  }
  const report = reproduceReportProblem(path, value);
  if (report !== undefined) throw new ResultsFileError(path, 'reproduce-report', report);
  const version = typeof value === 'object' && value !== null ? (value as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version !== 'number' || !SUPPORTED_SCHEMA_VERSIONS.includes(version)) {
    throw new ResultsFileError(
      path,
      'schema-version',
      `results schema version ${version === undefined ? 'missing' : JSON.stringify(version)}; this parabench reads version${SUPPORTED_SCHEMA_VERSIONS.length > 1 ? 's' : ''} ${SUPPORTED_SCHEMA_VERSIONS.join(', ')}. Re-run the benchmark with this version, or use the parabench that wrote the file.`,
    );
  }
  const errors = schemaErrors(value);
  const impossible = errors.filter((error) => isImpossible(value, error));
  if (impossible.length > 0) {
    const lines = impossible.map((error) => `${describePlace(value, error.pointer)} is ${valueAt(value, error.pointer)}: ${rule(error)}`);
    throw new ResultsFileError(
      path,
      'impossible',
      `impossible measurement${lines.length > 1 ? 's' : ''}: ${firstFew(lines)}. No run records such a figure, so the file was edited or damaged: restore it as parabench wrote it, or run the benchmark again.`,
    );
  }
  if (errors.length > 0) {
    throw new ResultsFileError(path, 'invalid', `not a valid results file: ${firstFew(errors.map((e) => `${e.pointer || '/'} ${e.message}`))}`);
  }
  return upgradeResults(value as RunResults);
}

/** Reads and checks a results file written by `parabench bench`. */
export async function readResultsFile(path: string): Promise<RunResults> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ResultsFileError(path, 'missing', code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
  }
  return parseResults(path, text);
}
