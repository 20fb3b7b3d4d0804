/** The runtime-setting contract: one declaration says how a setting of the trial's runtime is given, planned as rows, applied, recorded and read. */
import { UsageError } from '../usage-error.js';

/** A value a runtime setting takes: a number (a pool size) or text (a preset, flags). */
export type SettingValue = string | number;

/** An environment variable a setting sets in its rows' trials, and where a trial records it as it saw it. */
export interface SettingVariable<Value extends SettingValue, Seen extends string> {
  /** The variable, e.g. `GLIBC_TUNABLES`. */
  readonly name: string;
  /** The variable's value in a trial of a row with `setting`, given the harness's own; undefined leaves it as it is. */
  value(setting: Value, existing: string | undefined): string | undefined;
  /** The trial record's field holding the variable as the trial process saw it (null when unset), e.g. `glibcTunables`. */
  readonly seenField: Seen;
}

/** What lane notes can name a setting for: JavaScript threads blocked more, or more minor page faults per item. */
export type Symptom = 'blockedThreads' | 'pageFaults';

/**
 * A setting of how a trial's runtime starts (an environment variable, Node arguments), swept as
 * one row per value. To add one, declare it in its own file and list it in registry.ts: the
 * flag, row plan, trial environment and command, row record, schema, facts, baselines, A/B notes
 * and compare read it from there. Its `--flag` then needs a line in docs/cli.md.
 */
export interface RuntimeSetting<Field extends string, Value extends SettingValue, Sweep extends string, Seen extends string = never> {
  /** The row's field holding its value, in results files too, e.g. `malloc`. */
  readonly field: Field;
  /** The run's values, in the bench options and the results file's parameters, e.g. `mallocSettings`. */
  readonly sweepField: Sweep;
  /** The `bench` flag taking a comma-separated list, one row per value, e.g. `--malloc`. */
  readonly flag: `--${string}`;
  /** The flag's `--help` description, and what leaving it out means. */
  readonly help: string;
  readonly unset: string;
  /** A list the flag takes, as a user would give it: the lane notes name it, and the tests run it. */
  readonly example: string;
  /** The flag's list as distinct values, or a UsageError (exit 2) naming what it takes. */
  parse(list: string): Value[];
  /** Its part of a row's key (`m-top_pad=67108864`) and label (`malloc retain`) when a run has several values. */
  keyPart(value: Value): string;
  labelPart(value: Value): string;
  /** How the scenario's fact line says the rows set it, e.g. `set per row as GLIBC_TUNABLES`. */
  readonly setPerRow: string;
  /** The environment variable it sets in a trial, if any. */
  readonly variable?: SettingVariable<Value, Seen>;
  /** The Node arguments a trial of a row with `value` starts with (before the CLI), if any. */
  nodeArgs?(value: Value): string[];
  /**
   * The value that leaves the runtime as it is: a row with it (or without the setting) is read
   * against the rows with another value in an A/B note. Absent: every value is a shape of the
   * run (as a pool size is), which a row's sequential baseline must share.
   */
  readonly asItIs?: Value;
  /** JSON Schema of the row field. */
  readonly schema: Readonly<Record<string, unknown>>;
  /** A symptom of lanes slower than the copies whose cause this setting's A/B measures, and that cause's words. */
  readonly measures?: { readonly symptom: Symptom; readonly cause: string };
}

/** Any declared setting, seen from code that iterates them all. */
export type AnyRuntimeSetting = RuntimeSetting<string, SettingValue, string, string>;

/** A comma-separated list as distinct values, each cleaned, then checked: `problem` says what is wrong with one, or undefined. */
export function distinctValues(list: string, clean: (part: string) => string, problem: (value: string) => string | undefined): string[] {
  const values = [...new Set(list.split(',').map(clean))];
  for (const value of values) {
    const wrong = problem(value);
    if (wrong !== undefined) throw new UsageError(wrong);
  }
  return values;
}
