/** `--inputs`: a count, a JSON array file, a JSON-lines file or a folder, read into the task scenario's inputs. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { badInput, shownPath } from './task-module.js';

/** Where the inputs come from, as `--inputs` named it. */
export type InputsSource =
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'json' | 'json-lines' | 'folder'; readonly path: string };

/** The inputs of a run and how a person reads their source, e.g. `JSON array data/docs.json`. */
export interface TaskInputs {
  readonly values: readonly unknown[];
  readonly description: string;
}

const COUNT = /^\d+$/;
const LINES = new Set(['.jsonl', '.ndjson']);

/** What is wrong with an `--inputs` value's form, or undefined; files are read by `readInputs`. */
export function inputsProblem(value: string): string | undefined {
  if (value.trim() === '') return 'give a count N (inputs 0..N-1), a JSON array file, a JSON-lines file (.jsonl) or a folder';
  if (COUNT.test(value.trim()) && Number(value) < 1) return 'a count of inputs must be 1 or more';
  return undefined;
}

/** Reads `--inputs`: an absolute path stays as given, a relative one is taken from `cwd`. */
export async function inputsSource(value: string, cwd = process.cwd()): Promise<InputsSource> {
  const trimmed = value.trim();
  if (COUNT.test(trimmed)) return { kind: 'count', count: Number(trimmed) };
  const path = resolve(cwd, trimmed);
  let kind: InputsSource['kind'];
  try {
    kind = (await stat(path)).isDirectory() ? 'folder' : LINES.has(extname(path).toLowerCase()) ? 'json-lines' : 'json';
  } catch {
    throw badInput(`--inputs: ${shownPath(path)} does not exist; give a count N, a JSON array file, a JSON-lines file (.jsonl) or a folder`);
  }
  return { kind, path };
}

/** The same source as `--inputs` takes it, with an absolute path (what trial processes receive). */
export function formatSource(source: InputsSource): string {
  return source.kind === 'count' ? String(source.count) : source.path;
}

/** Reads every input; throws a usage error naming the file, line or element when there are none or one is unreadable. */
export async function readInputs(source: InputsSource): Promise<TaskInputs> {
  if (source.kind === 'count') {
    return { values: Array.from({ length: source.count }, (_, i) => i), description: `count ${source.count} (inputs 0..${source.count - 1})` };
  }
  const shown = shownPath(source.path);
  const values = source.kind === 'folder' ? await folderInputs(source.path) : await fileInputs(source.path, source.kind);
  if (values.length === 0) {
    const what = source.kind === 'folder' ? 'has no files' : source.kind === 'json' ? 'is an empty array' : 'has no lines';
    throw badInput(`--inputs: ${shown} ${what}: give at least one input`);
  }
  const label = source.kind === 'folder' ? 'folder' : source.kind === 'json' ? 'JSON array' : 'JSON lines';
  return { values, description: `${label} ${shown}` };
}

async function fileInputs(path: string, kind: 'json' | 'json-lines'): Promise<unknown[]> {
  const shown = shownPath(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw badInput(`--inputs: cannot read ${shown} (${error instanceof Error ? error.message : String(error)})`);
  }
  if (kind === 'json-lines') return jsonLines(text, shown);
  if (text.trim() === '') throw badInput(`--inputs: ${shown} is empty: write a JSON array of inputs, e.g. [1, 2, 3]`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw badInput(`--inputs: ${shown} is not JSON (${reason}); write a JSON array, or one JSON value per line in a .jsonl file`);
  }
  if (!Array.isArray(parsed)) {
    throw badInput(`--inputs: ${shown} holds a JSON ${parsed === null ? 'null' : typeof parsed}, not an array: wrap the inputs in [ ], one element per input`);
  }
  return parsed;
}

function jsonLines(text: string, shown: string): unknown[] {
  const values: unknown[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw badInput(`--inputs: line ${index + 1} of ${shown} is not JSON (${reason}); a JSON-lines file holds one JSON value per line`);
    }
  });
  return values;
}

/** Every file under the folder (dotfiles left out), depth first, sorted: each absolute path is one input. */
async function folderInputs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await folderInputs(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
