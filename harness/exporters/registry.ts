/** Every output format by name: one line per exporter. */
import { csv } from './csv.js';
import type { Exporter } from './exporter.js';
import { githubActionBenchmark } from './github-action-benchmark.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { terminal } from './terminal.js';

/**
 * Every output format, by the name `--format` takes. To add one, write
 * `harness/exporters/<name>.ts` exporting an Exporter and add one line here.
 */
export const exporters: Readonly<Record<string, Exporter>> = {
  terminal,
  markdown,
  json,
  csv,
  'github-action-benchmark': githubActionBenchmark,
};

/** What `bench` writes when `--format` is not given. */
export const DEFAULT_FORMATS = ['terminal', 'json', 'markdown'] as const;
