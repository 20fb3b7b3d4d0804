/** `--malloc`: how glibc's allocator is set in a row's trials (GLIBC_TUNABLES), so its share of a gap can be measured. */

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
