/** The runtime-setting registry: every declared setting plans rows, applies to a trial's environment or command, and round-trips its record fields. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProcessMeasurement } from '../harness/measure/process.js';
import { trialRecord, type RowPlan } from '../harness/results/records.js';
import { schemaErrors } from '../harness/results/schema.js';
import { planRows } from '../harness/run/rows.js';
import { settingArgs, trialCommand, trialEnv } from '../harness/run/trial-command.js';
import { glibcVersion } from '../harness/settings/malloc.js';
import { RUNTIME_SETTINGS, seenFields, seenValue, settingFields, settingValue, sweptSettings, type RuntimeSettingFields, type RuntimeSettingSweeps } from '../harness/settings/registry.js';
import type { AnyRuntimeSetting, SettingValue } from '../harness/settings/runtime-setting.js';
import type { TrialReport } from '../harness/trial/report.js';
import { UsageError } from '../harness/usage-error.js';
import type { StrategyDefinition } from '../strategies/executor.js';
import { strategies } from '../strategies/registry.js';
import { completedRow, run, scenarioResult } from './fixtures/results.js';

const definitions = new Map(['sequential', 'worker-threads'].map((name) => [name, strategies[name] as StrategyDefinition]));
const PLAIN = { workers: [2], concurrency: [2], perWorker: 1, chunkSizes: [1], sampleIntervalsMs: [250], paramSweeps: {} };
const OPTIONS = { items: 4, input: undefined, incremental: false, chunkSize: 1, cacheDir: '/tmp/cache', rowKey: 'sequential', params: {} };

/** A sweep of one setting's values, as the CLI makes it. */
const sweeping = (setting: AnyRuntimeSetting, values: readonly SettingValue[]): RuntimeSettingSweeps => ({ [setting.sweepField]: values }) as RuntimeSettingSweeps;

/** The setting's example list as values; settings glibc alone can apply are skipped elsewhere. */
function examples(setting: AnyRuntimeSetting): readonly SettingValue[] | undefined {
  if (setting.variable?.name === 'GLIBC_TUNABLES' && glibcVersion() === undefined) return undefined;
  return setting.parse(setting.example);
}

/** A trial that ran and reported, with `seen` as the variables it saw. */
function measured(seen: TrialReport): ProcessMeasurement<TrialReport> {
  return {
    threadSamples: [], window: { startSeconds: null, endSeconds: null }, instruments: {}, exitCode: 0, signal: null, realSeconds: 1.1, userSeconds: 1,
    sysSeconds: 0.01, timeMethod: 'trial-self-report', peakRssBytes: 0, timeline: [], stderrTail: '', timedOut: false, harnessCpuSeconds: 0, harnessWindowCpuSeconds: null,
    report: seen,
  };
}

const REPORT: TrialReport = {
  status: 'ok', bootSeconds: 0.03, prepareSeconds: 0, startupSeconds: 0, workSeconds: 1, workUserSeconds: 0.9, workSysSeconds: 0.1, shutdownSeconds: 0, digestSeconds: 0,
  processUserSeconds: 1, processSysSeconds: 0.01, childUserSeconds: 0, childSysSeconds: 0, maxRssKiB: 1, items: 4, failures: [], counters: {}, boundSeconds: null, events: [],
  facts: {}, digests: [],
};

test('the registry declares each setting once: its field, parameter name and flag are its own', () => {
  for (const key of ['field', 'sweepField', 'flag'] as const) {
    const names = RUNTIME_SETTINGS.map((setting) => setting[key]);
    assert.equal(new Set(names).size, names.length, `${key}: ${names.join(', ')}`);
  }
  const seen = RUNTIME_SETTINGS.flatMap(({ variable }) => (variable === undefined ? [] : [variable.seenField]));
  assert.equal(new Set(seen).size, seen.length, seen.join(', '));
});

for (const setting of RUNTIME_SETTINGS) {
  test(`${setting.flag}: its list makes one row per value, each named by the setting and carrying its value`, (t) => {
    const values = examples(setting);
    if (values === undefined) return t.skip('not on glibc');
    assert.ok(values.length >= 2, `${setting.flag} ${setting.example}: an example of two values at least`);
    assert.throws(() => setting.parse(`${setting.example},`), (error: unknown) => error instanceof UsageError && error.message.includes(setting.flag), 'an empty value is refused, naming the flag');
    const sweep = { ...PLAIN, ...sweeping(setting, values) };
    const rows = planRows(definitions, sweep);
    assert.equal(rows.length, definitions.size * values.length);
    assert.equal(new Set(rows.map((row) => row.key)).size, rows.length, 'keys of their own');
    for (const [i, row] of rows.entries()) {
      const value = values[i % values.length] as SettingValue;
      assert.equal(settingValue(row, setting), value);
      assert.ok(row.label.endsWith(` ${setting.labelPart(value)}`), row.label);
      assert.ok(row.key.includes(`/${setting.keyPart(value)}`), row.key);
      for (const other of RUNTIME_SETTINGS.filter((s) => s !== setting)) assert.equal(other.field in row, false, `${row.label}: no ${other.field} when not swept`);
    }
    const one = planRows(definitions, { ...PLAIN, ...sweeping(setting, values.slice(1, 2)) });
    assert.deepEqual(one.map((row) => row.label), ['sequential', 'worker-threads x2'], 'one value: plain names');
    assert.deepEqual(sweptSettings(sweep), { [setting.sweepField]: values }, 'the parameter the results file keeps');
  });

  test(`${setting.flag}: each value reaches the trial, in its environment or on its command line`, (t) => {
    const values = examples(setting);
    if (values === undefined) return t.skip('not on glibc');
    for (const value of values) {
      const fields: RuntimeSettingFields = settingFields(new Map([[setting, value]]));
      const env = trialEnv(fields, { PATH: '/bin' });
      const plan: RowPlan = { key: 'sequential', label: 'sequential', strategy: 'sequential', workers: 1, concurrency: 1, chunkSize: 1, sampleIntervalMs: 0, params: {}, ...fields };
      const command = trialCommand('cpu', plan, OPTIONS);
      const variable = setting.variable === undefined ? undefined : setting.variable.value(value, undefined);
      const args = setting.nodeArgs?.(value) ?? [];
      if (setting.variable !== undefined) assert.equal(env[setting.variable.name], variable, `${setting.flag} ${value}: ${setting.variable.name}`);
      assert.deepEqual(command.slice(1, 1 + args.length), args, `${setting.flag} ${value}: Node arguments first`);
      assert.deepEqual(settingArgs(fields), args);
      if (value !== setting.asItIs) assert.ok(variable !== undefined || args.length > 0, `${setting.flag} ${value} changes the trial's runtime`);
      else assert.deepEqual([env, args], [{ PATH: '/bin' }, []], `${setting.flag} ${value} leaves the runtime as it is`);
    }
  });

  test(`${setting.flag}: the row's field and what the trial saw round-trip through a results file that passes the schema`, (t) => {
    const values = examples(setting);
    if (values === undefined) return t.skip('not on glibc');
    const value = values[1] as SettingValue;
    const saw = seenFields((variable) => (variable === setting.variable ? (variable.value(value, undefined) ?? null) : undefined));
    const record = trialRecord(0, false, measured({ ...REPORT, ...saw }), { problem: null, verified: true });
    const row = { ...completedRow({ strategy: 'sequential', key: 'sequential', label: 'sequential', workers: 1, reals: [1, 1.1, 0.9], works: [0.9, 1, 0.8] }), ...settingFields(new Map([[setting, value]])) };
    const file = JSON.parse(JSON.stringify(run([scenarioResult([{ ...row, trials: [record, ...row.trials] }])], undefined, { mode: 'normal', incremental: false, ...sweptSettings(sweeping(setting, values)) })));
    assert.deepEqual(schemaErrors(file), []);
    const read = file.scenarios[0].rows[0];
    assert.equal(settingValue(read, setting), value);
    assert.deepEqual(file.parameters[setting.sweepField], values);
    if (setting.variable !== undefined) assert.equal(seenValue(read.trials[0], setting.variable), setting.variable.value(value, undefined) ?? null);
    assert.deepEqual(schemaErrors({ ...file, scenarios: [{ ...file.scenarios[0], rows: [{ ...read, [setting.field]: [value] }] }] }).map((e) => e.pointer).filter((p, i, all) => all.indexOf(p) === i), [`/scenarios/0/rows/0/${setting.field}`], 'the schema checks the field');
  });
}
