/** The JSON Schema of a results file, and the check compare and merge run on what they read. */
import { Ajv, type ValidateFunction } from 'ajv';
import { SCHEMA_VERSION, type RunResults } from './records.js';
import { RUNTIME_SETTINGS } from '../settings/registry.js';

/** Versions the schema accepts: the current one, and version 1 (read and upgraded). */
export const READABLE_SCHEMA_VERSIONS = [1, SCHEMA_VERSION] as const;

// Every number must be finite (the validator runs with strictNumbers): JSON cannot carry NaN, and
// 1e999 parses as Infinity. Durations, CPU times and sizes cannot be negative; a real time, which
// runs from a trial's spawn to its exit, cannot be 0 either.
const number = { type: 'number' } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const string = { type: 'string' } as const;
const realTime = { type: 'number', exclusiveMinimum: 0 } as const;
const amount = { type: 'number', minimum: 0 } as const;
const nullableAmount = { type: ['number', 'null'], minimum: 0 } as const;

const summaryOf = (value: typeof number | typeof amount | typeof realTime) =>
  ({
    type: 'object',
    required: ['n', 'median', 'mean', 'sd', 'min', 'max', 'mad', 'rme', 'cv'],
    properties: { n: { type: 'integer', minimum: 1 }, median: value, mean: value, sd: amount, min: value, max: value, mad: amount, rme: number, cv: number },
  }) as const;
const summary = summaryOf(number);

const ratio = { type: 'object', required: ['value', 'error'], properties: { value: number, error: number } } as const;

const stageEvents = {
  type: 'array',
  items: { type: 'object', required: ['stage', 'item', 'lane', 'start', 'end'], properties: { stage: string, item: number, lane: string, start: number, end: number } },
} as const;

const trial = {
  type: 'object',
  required: ['round', 'warmup', 'exitCode', 'realSeconds', 'userSeconds', 'sysSeconds', 'timeMethod', 'startupSeconds', 'workSeconds', 'peakRssBytes', 'verified', 'problem', 'timeline', 'itemFailures'],
  properties: {
    round: { type: 'integer', minimum: 0 },
    warmup: { type: 'boolean' },
    exitCode: { type: ['integer', 'null'] },
    signal: { type: ['string', 'null'] },
    realSeconds: realTime,
    userSeconds: amount,
    sysSeconds: amount,
    timeMethod: { enum: ['linux-proc-cutime', 'trial-self-report'] },
    startupSeconds: nullableAmount,
    workSeconds: nullableAmount,
    workUserSeconds: nullableAmount,
    workSysSeconds: nullableAmount,
    peakRssBytes: amount,
    harnessCpuSeconds: amount,
    harnessWindowCpuSeconds: nullableAmount,
    libuvProbeSeconds: nullableAmount,
    items: { type: ['integer', 'null'] },
    verified: { type: 'boolean' },
    boundSeconds: nullableNumber,
    events: stageEvents,
    problem: { type: ['string', 'null'] },
    itemFailures: { type: 'array', items: { type: 'object', required: ['item', 'code', 'message'] } },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        required: ['seconds', 'cpuPercent', 'rssBytes', 'processes'],
        properties: { seconds: number, cpuPercent: number, rssBytes: number, processes: number, coresByKind: { type: 'object', additionalProperties: number } },
      },
    },
    // Since schema 2; a version-1 file lacks them and is upgraded when read.
    peakRssMethod: string,
    windowSampleIntervalMs: number,
    foreignLoadCores: nullableNumber,
    threads: {
      oneOf: [
        { type: 'null' },
        { type: 'object', required: ['available', 'reason'], properties: { available: { const: false }, reason: string } },
        {
          type: 'object',
          required: ['available', 'method', 'windowSeconds', 'kinds', 'nativeNames', 'unseenCpuSeconds'],
          properties: {
            available: { const: true },
            method: string,
            windowSeconds: number,
            spanSeconds: number,
            kinds: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                required: ['threads', 'cpuSeconds', 'userSeconds', 'sysSeconds', 'waitSeconds', 'voluntarySwitches', 'involuntarySwitches'],
              },
            },
            nativeNames: { type: 'array', items: string },
            unseenCpuSeconds: number,
          },
        },
      ],
    },
    jsThreads: {
      type: 'array',
      items: { type: 'object', required: ['role', 'pid', 'tid', 'gcCount', 'gcPauseSeconds', 'eventLoopUtilisation'], properties: { role: { enum: ['main', 'worker', 'child'] } } },
    },
    // Each runtime setting's variable as the trial saw it (`glibcTunables`...).
    ...Object.fromEntries(RUNTIME_SETTINGS.flatMap(({ variable }) => (variable === undefined ? [] : [[variable.seenField, { type: ['string', 'null'] }]]))),
    // Each instrument's slot: its reading (checked against the instrument's own schema when a
    // report renders it) or why it has none.
    instruments: {
      type: 'object',
      propertyNames: { pattern: '^[a-z][a-z0-9-]{0,39}$' },
      additionalProperties: { oneOf: [{ type: 'object', required: ['reading'], properties: { reading: {} }, additionalProperties: false }, { type: 'object', required: ['error'], properties: { error: string }, additionalProperties: false }] },
    },
    copiesOverlap: { type: 'number', minimum: 0, maximum: 1 },
    copies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['copy', 'realSeconds', 'workSeconds', 'items', 'verified', 'problem'],
        properties: { copy: { type: 'integer', minimum: 1 }, firstItem: { type: 'integer', minimum: 0 }, shareItems: { type: 'integer', minimum: 1 }, realSeconds: realTime, workSeconds: nullableAmount, items: { type: ['integer', 'null'] }, verified: { type: 'boolean' }, problem: { type: ['string', 'null'] }, events: stageEvents },
      },
    },
  },
} as const;

const rowSummary = {
  type: 'object',
  required: ['realSeconds', 'userSeconds', 'sysSeconds', 'startupSeconds', 'workSeconds', 'workCpuSeconds', 'workPerItemSeconds', 'peakRssBytes', 'cpuUtilisation', 'efficiency', 'speedup'],
  properties: {
    realSeconds: summaryOf(realTime),
    userSeconds: summaryOf(amount),
    sysSeconds: summaryOf(amount),
    startupSeconds: summaryOf(amount),
    workSeconds: summaryOf(amount),
    workCpuSeconds: summaryOf(amount),
    workPerItemSeconds: summaryOf(amount),
    ceilingPerItemSeconds: summaryOf(amount),
    peakRssBytes: summaryOf(amount),
    cpuUtilisation: summary,
    efficiency: { oneOf: [{ type: 'null' }, summary] },
    speedup: { oneOf: [{ type: 'null' }, { type: 'object', required: ['real', 'work'], properties: { real: ratio, work: ratio } }] },
    ofCeiling: ratio,
  },
} as const;

const row = {
  type: 'object',
  required: ['key', 'label', 'strategy', 'workers', 'concurrency', 'chunkSize', 'command', 'trials', 'state'],
  properties: {
    key: string,
    label: string,
    strategy: string,
    workers: { type: 'integer', minimum: 1 },
    concurrency: { type: 'integer', minimum: 1 },
    chunkSize: { type: 'integer', minimum: 1 },
    parallelism: { type: 'integer', minimum: 1 },
    // Each runtime setting's value (`malloc`...), as its declaration describes it.
    ...Object.fromEntries(RUNTIME_SETTINGS.map((setting) => [setting.field, setting.schema])),
    command: { type: 'array', items: string },
    trials: { type: 'array', items: trial },
    state: { enum: ['completed', 'failed'] },
    summary: rowSummary,
    failure: string,
  },
  if: { properties: { state: { const: 'completed' } } },
  then: { required: ['summary'] },
  else: { required: ['failure'] },
} as const;

/** JSON Schema of a results file; `schemaVersion` says which version of it. */
export const resultsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'parabench results',
  type: 'object',
  required: ['schemaVersion', 'tool', 'context', 'parameters', 'bareNodeStart', 'scenarios', 'interrupted'],
  properties: {
    schemaVersion: { enum: [...READABLE_SCHEMA_VERSIONS] },
    tool: { type: 'object', required: ['name', 'version'] },
    context: {
      type: 'object',
      required: ['machine', 'cpuModel', 'cores', 'memoryBytes', 'os', 'arch', 'node', 'gitCommit', 'startedAt', 'timeMethod', 'env'],
      properties: { env: { type: 'object', additionalProperties: string } },
    },
    parameters: { type: 'object' },
    bareNodeStart: { type: 'object', required: ['samples', 'summary'], properties: { samples: { type: 'array', items: number }, summary } },
    scenarios: {
      type: 'array',
      items: {
        type: 'object',
        required: ['scenario', 'summary', 'items', 'facts', 'rows'],
        properties: { rows: { type: 'array', items: row }, unverified: string, notes: { type: 'array', items: string } },
      },
    },
    notes: { type: 'array', items: string },
    interrupted: { type: 'boolean' },
  },
} as const;

let validator: ValidateFunction | undefined;

/** Where a parsed results file breaks the schema: a JSON pointer, the rule broken and Ajv's words for it. */
export interface SchemaError {
  readonly pointer: string;
  /** The JSON Schema keyword broken: `type`, `required`, `minimum`, `exclusiveMinimum`, ... */
  readonly keyword: string;
  readonly message: string;
}

/** Checks a parsed results file against the schema; empty when valid. */
export function schemaErrors(value: unknown): SchemaError[] {
  validator ??= new Ajv({ allErrors: true, strict: false, strictNumbers: true }).compile(resultsSchema);
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => ({ pointer: e.instancePath, keyword: e.keyword, message: e.message ?? 'is invalid' }));
}

/** Checks a parsed results file; returns the problems as readable lines (empty when valid). */
export function validateResults(value: unknown): string[] {
  return schemaErrors(value).map((e) => `${e.pointer || '/'} ${e.message}`);
}

/** Type guard over `validateResults`. */
export function isRunResults(value: unknown): value is RunResults {
  return validateResults(value).length === 0;
}
