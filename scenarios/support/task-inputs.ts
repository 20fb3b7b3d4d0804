/** `--inputs`: a count, a JSON array file, a JSON-lines file or a folder, read into the task scenario's inputs. */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { MAX_ITEMS } from '../scenario.js';
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

/** Why more than MAX_ITEMS inputs are refused, as `--items` refuses more items. */
const TOO_MANY = `more inputs than a trial can hold: at most ${MAX_ITEMS} (every item's input, outcome and digest stay in memory); give fewer, or split them over several runs`;

/** What is wrong with an `--inputs` value's form, or undefined; files are read by `readInputs`. */
export function inputsProblem(value: string): string | undefined {
  if (value.trim() === '') return 'give a count N (inputs 0..N-1), a JSON array file, a JSON-lines file (.jsonl) or a folder';
  if (COUNT.test(value.trim()) && Number(value) < 1) return 'a count of inputs must be 1 or more';
  if (COUNT.test(value.trim()) && Number(value) > MAX_ITEMS) return TOO_MANY;
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

/** The file-system calls that read a folder of inputs; injectable, so a test can make one fail (as root, chmod cannot). */
export interface FolderReader {
  readonly readdir: (dir: string) => Promise<readonly FolderEntry[]>;
  readonly stat: (path: string) => Promise<{ isFile(): boolean; isDirectory(): boolean }>;
  readonly realpath: (path: string) => Promise<string>;
}

/** One entry of a folder, as `readdir(dir, { withFileTypes: true })` gives it. */
export interface FolderEntry {
  readonly name: string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

const NODE_FOLDER_READER: FolderReader = { readdir: (dir) => readdir(dir, { withFileTypes: true }), stat, realpath };

/** Reads every input; throws a usage error naming the file, line, element or folder when there are none, too many, or one is unreadable. */
export async function readInputs(source: InputsSource, reader: FolderReader = NODE_FOLDER_READER): Promise<TaskInputs> {
  if (source.kind === 'count') {
    if (source.count > MAX_ITEMS) throw badInput(`--inputs ${source.count}: ${TOO_MANY}`);
    return { values: Array.from({ length: source.count }, (_, i) => i), description: `count ${source.count} (inputs 0..${source.count - 1})` };
  }
  const shown = shownPath(source.path);
  const values = source.kind === 'folder' ? await folderInputs(source.path, reader) : await fileInputs(source.path, source.kind);
  if (values.length === 0) {
    const what = source.kind === 'folder' ? 'has no files' : source.kind === 'json' ? 'is an empty array' : 'has no lines';
    throw badInput(`--inputs: ${shown} ${what}: give at least one input`);
  }
  if (values.length > MAX_ITEMS) {
    // A folder is read only until it has one file too many.
    const held = source.kind === 'folder' ? `more than ${MAX_ITEMS} files` : `${values.length} inputs`;
    throw badInput(`--inputs: ${shown} holds ${held}: ${TOO_MANY}`);
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

/**
 * Every file under the folder (dotfiles left out), depth first, sorted: each path is one input.
 * Symbolic links are followed to the file or folder they name; a folder reached twice (a link
 * loop, or two links to one folder) is read once; broken links, FIFOs and sockets are skipped.
 * A folder that cannot be read is a usage error naming it: a run on part of the inputs would
 * measure another workload than the one asked for.
 */
async function folderInputs(root: string, reader: FolderReader): Promise<string[]> {
  const seen = new Set<string>();
  const files: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    let entries: readonly FolderEntry[];
    try {
      const real = await reader.realpath(dir);
      if (seen.has(real)) return;
      seen.add(real);
      entries = await reader.readdir(dir);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const remedy = dir === root ? 'make it readable' : `make it readable, or move it out of ${shownPath(root)}`;
      throw badInput(`--inputs: cannot read the folder ${shownPath(dir)} (${reason}): ${remedy}`);
    }
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (files.length > MAX_ITEMS) return; // enough to refuse them: reading on would only take memory
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const kind = entry.isSymbolicLink() ? await linkedKind(path, reader) : entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
      if (kind === 'folder') await visit(path);
      else if (kind === 'file') files.push(path);
    }
  };
  await visit(root);
  return files;
}

/** What a symbolic link leads to; a broken link is 'other', skipped like a FIFO. */
async function linkedKind(path: string, reader: FolderReader): Promise<'file' | 'folder' | 'other'> {
  try {
    const target = await reader.stat(path);
    return target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
}
