/** `--malloc`: how glibc's allocator is set in a row's trials (GLIBC_TUNABLES), so its share of a gap can be measured. */
import { UsageError } from '../usage-error.js';
import { distinctValues, type RuntimeSetting } from './runtime-setting.js';

/**
 * Named settings. `retain` sets glibc.malloc.top_pad to 64 MiB: glibc asks for that much more
 * whenever a heap grows, and keeps that much at a heap's top when it trims.
 * With glibc's defaults, each worker thread's own arena lives in heaps of at most 64 MiB that are
 * grown page by page with mprotect and deleted and made again as they empty; a process's main
 * arena grows with brk instead. Comparing rows with `default` and `retain` measures what that
 * costs; `retain` keeps up to 64 MiB more mapped per arena.
 */
export const MALLOC_PRESETS: Readonly<Record<string, string | undefined>> = {
  default: undefined,
  retain: 'glibc.malloc.top_pad=67108864',
};

/** One `glibc.malloc.NAME=NUMBER` tunable, or several joined with ":". */
const TUNABLES = /^glibc\.malloc\.[a-z_]+=\d+(:glibc\.malloc\.[a-z_]+=\d+)*$/;

/** Says what is wrong with a `--malloc` value, or undefined when it is a preset or glibc malloc tunables. */
export function mallocProblem(value: string): string | undefined {
  if (value in MALLOC_PRESETS || TUNABLES.test(value)) return undefined;
  return (
    `--malloc takes ${Object.keys(MALLOC_PRESETS).join(', ')}, or glibc malloc tunables such as ` +
    `glibc.malloc.trim_threshold=268435456 (several joined with ":"), got "${value}"`
  );
}

/** The GLIBC_TUNABLES a setting adds: the preset's, the value itself for raw tunables, undefined for `default`. */
export function mallocTunables(setting: string | undefined): string | undefined {
  if (setting === undefined) return undefined;
  return setting in MALLOC_PRESETS ? MALLOC_PRESETS[setting] : setting;
}

/** GLIBC_TUNABLES with a setting's tunables after any the environment already had (the later one wins in glibc). */
export function withMallocTunables(existing: string | undefined, setting: string | undefined): string | undefined {
  const added = mallocTunables(setting);
  if (added === undefined) return existing;
  return existing === undefined || existing === '' ? added : `${existing}:${added}`;
}

/** The glibc version Node runs on, or undefined elsewhere (musl, macOS, Windows), where GLIBC_TUNABLES means nothing. */
export function glibcVersion(): string | undefined {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime;
}

/** `--malloc default,retain`: distinct allocator settings, or a UsageError; anything but `default` needs glibc. */
function mallocSettings(list: string): string[] {
  const settings = distinctValues(list, (part) => part.trim(), mallocProblem);
  if (settings.some((setting) => setting !== 'default') && glibcVersion() === undefined) {
    throw new UsageError(`--malloc sets glibc's GLIBC_TUNABLES, but this Node does not run on glibc (${process.platform}): leave --malloc out here`);
  }
  return settings;
}

/** glibc's allocator in a row's trials: a preset name or glibc malloc tunables, added to GLIBC_TUNABLES. */
export const MALLOC: RuntimeSetting<'malloc', string, 'mallocSettings', 'glibcTunables'> = {
  field: 'malloc',
  sweepField: 'mallocSettings',
  flag: '--malloc',
  help: "glibc's allocator in every trial: default, retain (glibc.malloc.top_pad of 64 MiB: heaps grow in larger steps and keep that much when trimmed), or GLIBC_TUNABLES such as glibc.malloc.arena_max=1",
  unset: 'left as it is',
  example: 'default,retain',
  parse: mallocSettings,
  keyPart: (setting) => `m-${setting.replace(/^glibc\.malloc\./, '').replace(/[^a-z0-9_=]+/g, '-')}`,
  labelPart: (setting) => `malloc ${setting}`,
  setPerRow: 'set per row as GLIBC_TUNABLES',
  variable: { name: 'GLIBC_TUNABLES', value: (setting, existing) => withMallocTunables(existing, setting), seenField: 'glibcTunables' },
  asItIs: 'default',
  schema: { type: 'string' },
  measures: { symptom: 'pageFaults', cause: 'glibc trimming its heaps is behind them' },
};
