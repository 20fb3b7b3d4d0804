/** Every output format by name: one line per exporter, each loaded only when a command writes it. */
import type { Exporter } from './exporter.js';

/**
 * Every output format, by the name `--format` takes. To add one, write
 * `harness/exporters/<name>.ts` exporting an Exporter and add one line here. A command names the
 * formats it offers without loading any: a format's renderers (tables, charts, the results
 * schema) load with the first run that writes it.
 */
const loaders: Readonly<Record<string, () => Promise<Exporter>>> = {
  terminal: async () => (await import('./terminal.js')).terminal,
  markdown: async () => (await import('./markdown.js')).markdown,
  json: async () => (await import('./json.js')).json,
  csv: async () => (await import('./csv.js')).csv,
  'github-action-benchmark': async () => (await import('./github-action-benchmark.js')).githubActionBenchmark,
};

/** The names `--format` takes, in the registry's order. */
export const FORMAT_NAMES: readonly string[] = Object.keys(loaders);

/** What `bench` writes when `--format` is not given. */
export const DEFAULT_FORMATS = ['terminal', 'json', 'markdown'] as const;

/** The exporters of those names, in that order; an error naming an unknown one. */
export async function loadExporters(names: readonly string[]): Promise<Exporter[]> {
  return Promise.all(
    names.map((name) => {
      const load = loaders[name];
      if (load === undefined) throw new Error(`unknown format "${name}"; the formats are ${FORMAT_NAMES.join(', ')}`);
      return load();
    }),
  );
}
