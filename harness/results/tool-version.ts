/** parabench's version, read from its package.json (shipped in every install), for `--version` and the results' `tool` field. */
import { readFileSync } from 'node:fs';

/** The `version` of the package.json three folders above this compiled file (dist/harness/results/ -> the package root). */
function readVersion(): string {
  const path = new URL('../../../package.json', import.meta.url);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}

export const PACKAGE_VERSION = readVersion();
