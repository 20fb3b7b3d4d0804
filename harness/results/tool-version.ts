/** parabench's version, read from its package.json (shipped in every install), for `--version` and the results' `tool` field. */
import { readFileSync } from 'node:fs';

/** The package.json three folders above this compiled file (dist/harness/results/ -> the package root). */
const PACKAGE_JSON = new URL('../../../package.json', import.meta.url);

let version: string | undefined;

/** The package's `version`, read on first use only: a trial process never asks for it. */
export function packageVersion(): string {
  if (version === undefined) {
    const parsed = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: unknown };
    version = typeof parsed.version === 'string' ? parsed.version : '0.0.0';
  }
  return version;
}
