/** Where the items of the HTTP scenarios come from: the built-in server, a base URL or a file of URLs. */
import { readFile } from 'node:fs/promises';
import { listImages } from '../support/photos.js';
import type { ScenarioOptions } from '../scenario.js';
import { BUILT_IN, NO_FILE } from './flags.js';

/** An error in what the user gave: the CLI reports it as a usage error (exit 2). */
export function badInput(message: string): Error {
  return Object.assign(new Error(message), { code: 'BAD_INPUT' });
}

type Params = Readonly<Record<string, string>>;

/** True when the user pointed the scenario at their own resources. */
export function usesOwnEndpoint(params: Params): boolean {
  return (params['base-url'] ?? BUILT_IN) !== BUILT_IN || (params['url-file'] ?? NO_FILE) !== NO_FILE;
}

/** Item n's URL under a base: `{n}` replaced, or `/n` appended. */
export function itemUrl(base: string, item: number): string {
  return base.includes('{n}') ? base.replace(/\{n\}/g, String(item)) : `${base.replace(/\/+$/, '')}/${item}`;
}

async function urlFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw badInput(`--url-file ${path}: cannot read it; give a file of URLs, one per line`);
  }
  const urls = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (urls.length === 0) throw badInput(`--url-file ${path}: no URLs in it (one per line; # starts a comment)`);
  for (const url of urls) {
    try {
      if (!['http:', 'https:'].includes(new URL(url).protocol)) throw new Error('not http');
    } catch {
      throw badInput(`--url-file ${path}: "${url}" is not an http:// or https:// URL`);
    }
  }
  return urls;
}

/** The item count and the base URL or URL list the items come from. */
export async function sources(options: ScenarioOptions): Promise<{ items: number; urls?: string[] }> {
  const p = options.params;
  if ((p['url-file'] ?? NO_FILE) !== NO_FILE) {
    if ((p['base-url'] ?? BUILT_IN) !== BUILT_IN) throw badInput('--base-url and --url-file both name the resources: give one');
    const urls = (await urlFile(p['url-file'] as string)).slice(0, options.items);
    return { items: urls.length, urls };
  }
  if (options.input !== undefined && !usesOwnEndpoint(p)) {
    return { items: Math.min(options.items, (await listImages(options.input)).length) };
  }
  return { items: options.items };
}

