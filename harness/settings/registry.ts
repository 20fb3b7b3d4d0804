/** Every runtime setting `bench` can sweep, in the order their parts join a row's key and label; a new one is a declaration (runtime-setting.ts) and a line here. */
import { MALLOC } from './malloc.js';
import { NODE_FLAGS } from './node-flags.js';
import type { AnyRuntimeSetting, SettingValue, SettingVariable } from './runtime-setting.js';
import { UV_THREADPOOL } from './uv-threadpool.js';

const DECLARED = [UV_THREADPOOL, MALLOC, NODE_FLAGS] as const;

/** The declared settings, for code that handles each the same way. */
export const RUNTIME_SETTINGS: readonly AnyRuntimeSetting[] = DECLARED;

type Declared = (typeof DECLARED)[number];
type ValueOf<S extends Declared> = ReturnType<S['parse']>[number];
type SeenOf<S extends Declared> = NonNullable<S['variable']>['seenField'];

/** A row's value of each setting (`malloc: 'retain'`); a field is absent where the harness left the setting alone. */
export type RuntimeSettingFields = { readonly [S in Declared as S['field']]?: ValueOf<S> };

/** A run's values of each setting (`mallocSettings: ['default', 'retain']`), one row per value; empty or absent: left alone. */
export type RuntimeSettingSweeps = { readonly [S in Declared as S['sweepField']]?: readonly ValueOf<S>[] };

/** Each variable a setting sets, as a trial process saw it (`glibcTunables`); null when unset, absent in older files. */
export type SeenSettingFields = { readonly [S in Declared as SeenOf<S>]?: string | null };

/** A row's (or trial settings') value of one setting; undefined when it has none. */
export function settingValue(row: RuntimeSettingFields, setting: AnyRuntimeSetting): SettingValue | undefined {
  return (row as Readonly<Record<string, SettingValue | undefined>>)[setting.field];
}

/** A run's values of one setting; empty when not swept. */
export function sweptValues(sweeps: RuntimeSettingSweeps, setting: AnyRuntimeSetting): readonly SettingValue[] {
  return (sweeps as Readonly<Record<string, readonly SettingValue[] | undefined>>)[setting.sweepField] ?? [];
}

/** What a trial process saw of a variable, as its report or record keeps it; undefined where it recorded nothing. */
export function seenValue(seen: SeenSettingFields, variable: SettingVariable<SettingValue, string>): string | null | undefined {
  return (seen as Readonly<Record<string, string | null | undefined>>)[variable.seenField];
}

/** The settings a run sweeps, by their parameter names (`mallocSettings`...), in declaration order; one not swept is left out, as results files leave it out. */
export function sweptSettings(sweeps: RuntimeSettingSweeps): RuntimeSettingSweeps {
  return Object.fromEntries(
    RUNTIME_SETTINGS.flatMap((setting) => {
      const values = sweptValues(sweeps, setting);
      return values.length === 0 ? [] : [[setting.sweepField, values]];
    }),
  ) as RuntimeSettingSweeps;
}

/** Row fields from values by setting field, in declaration order, as a row records them. */
export function settingFields(values: ReadonlyMap<AnyRuntimeSetting, SettingValue>): RuntimeSettingFields {
  return Object.fromEntries(RUNTIME_SETTINGS.flatMap((setting) => (values.has(setting) ? [[setting.field, values.get(setting)]] : []))) as RuntimeSettingFields;
}

/** The trial-record fields of the settings' variables, each as `see` reads it; a variable `see` returns undefined for is left out. */
export function seenFields(see: (variable: SettingVariable<SettingValue, string>) => string | null | undefined): SeenSettingFields {
  return Object.fromEntries(
    RUNTIME_SETTINGS.flatMap(({ variable }) => {
      const seen = variable === undefined ? undefined : see(variable);
      return variable === undefined || seen === undefined ? [] : [[variable.seenField, seen]];
    }),
  ) as SeenSettingFields;
}
