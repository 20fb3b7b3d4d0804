/** The documentation against the code: links resolve, every bench flag is documented, README commands parse. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runHere } from './fixtures/command-line.js';

// dist/test/ -> the repository root
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The markdown files whose links are checked: the README, docs/ and results/findings/. */
function markdownFiles(): string[] {
  const inFolder = (folder: string): string[] =>
    existsSync(join(ROOT, folder))
      ? readdirSync(join(ROOT, folder))
          .filter((name) => name.endsWith('.md'))
          .sort()
          .map((name) => join(folder, name))
      : [];
  return ['README.md', ...inFolder('docs'), ...inFolder('results/findings')];
}

/** A fenced code block: its info string (`sh`, `text`, ...) and its lines. */
interface Fence {
  readonly info: string;
  readonly lines: string[];
}

/** Splits markdown into its prose lines (fences blanked) and its fenced code blocks. */
export function splitFences(text: string): { prose: string[]; fences: Fence[] } {
  const prose: string[] = [];
  const fences: Fence[] = [];
  let open: { marker: string; fence: Fence } | undefined;
  for (const line of text.split('\n')) {
    const match = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (open === undefined && match !== null) {
      open = { marker: match[1] as string, fence: { info: (match[2] as string).trim(), lines: [] } };
      prose.push('');
    } else if (open !== undefined && match !== null && (match[1] as string).startsWith(open.marker) && (match[2] as string).trim() === '') {
      fences.push(open.fence);
      open = undefined;
      prose.push('');
    } else if (open !== undefined) {
      open.fence.lines.push(line);
      prose.push('');
    } else {
      prose.push(line);
    }
  }
  return { prose, fences };
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
export function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a markdown file's headings make, duplicates numbered as GitHub numbers them. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of splitFences(text).prose) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const base = slug(heading[1] as string);
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  return anchors;
}

/** The link targets of a markdown file's prose (inline code and fenced blocks left out). */
export function linkTargets(text: string): string[] {
  const prose = splitFences(text).prose.join('\n').replace(/`[^`\n]*`/g, '');
  return [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] as string),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] as string),
  ];
}

test('the link scanner sees inline and reference links, not code', () => {
  const text = 'See [a](docs/a.md#x-y) and ![b](img.png "t").\n`[c](no.md)`\n```\n[d](no2.md)\n```\n[e]: ref.md\n';
  assert.deepEqual(linkTargets(text), ['docs/a.md#x-y', 'img.png', 'ref.md']);
  assert.equal(slug('A scenario of your own: `--scenario ./my-scenario.js`'), 'a-scenario-of-your-own---scenario-my-scenariojs');
  assert.equal(slug("`api`: document 002's pipeline"), 'api-document-002s-pipeline');
});

// Anchors after '#' are checked against the target file's headings (GitHub's slugs); links with a
// scheme (https:, mailto:) are left alone.
test('every relative link in README.md, docs/ and results/findings/ resolves, anchors included', () => {
  const broken: string[] = [];
  const files = markdownFiles();
  assert.ok(files.length >= 3, `expected the README and docs, found ${files.join(', ')}`);
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const target of linkTargets(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [pathPart = '', anchor] = target.split('#', 2);
      const path = pathPart === '' ? join(ROOT, file) : join(ROOT, dirname(file), decodeURIComponent(pathPart));
      if (!existsSync(path)) {
        broken.push(`${file}: ${target} (no ${relative(ROOT, path)})`);
        continue;
      }
      if (anchor !== undefined && anchor !== '' && path.endsWith('.md') && !anchorsOf(readFileSync(path, 'utf8')).has(anchor)) {
        broken.push(`${file}: ${target} (no heading makes #${anchor} in ${relative(ROOT, path)})`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

/** The long flags a help text lists, one per option line (not those its descriptions mention). */
export function helpFlags(help: string): string[] {
  return [...help.matchAll(/^\s+(?:-\w,\s+)?(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1] as string);
}

test('every flag `bench --help` prints is in docs/cli.md', async () => {
  const help = await runHere(['bench', '--help'], { cwd: ROOT });
  assert.equal(help.code, 0, help.stderr);
  const flags = helpFlags(help.stdout);
  assert.ok(flags.length > 20, `expected bench's flags, found: ${flags.join(' ')}`);
  const doc = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
  const missing = flags.filter((flag) => !new RegExp(`${flag}(?![a-z0-9-])`).test(doc));
  assert.deepEqual(missing, [], 'document these flags in docs/cli.md');
});

/** Splits one shell line into words, with quotes; an unquoted `#` starting a word ends the line. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '#' && !inWord) {
      break;
    } else if ('|&;<>'.includes(c)) {
      if (inWord) words.push(word);
      let op = c;
      while (i + 1 < line.length && '|&;<>'.includes(line[i + 1] as string)) op += line[++i];
      words.push(op);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The parabench arguments of each `npx parabench ...` / `npm run bench -- ...` command in a script. */
export function parabenchCommands(script: string): string[][] {
  const commands: string[][] = [];
  const joined = script.replace(/\\\n/g, ' ');
  for (const line of joined.split('\n')) {
    const words = shellWords(line);
    let start = 0;
    for (let i = 0; i <= words.length; i++) {
      const word = words[i];
      if (word !== undefined && !/^[|&;<>]+$/.test(word)) continue;
      let command = words.slice(start, i);
      while (command.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(command[0] as string)) command = command.slice(1);
      const npmRun = command[0] === 'npm' && command[1] === 'run' ? command.slice(2).filter((w) => w !== '--silent') : undefined;
      if (command[0] === 'npx' && command[1] === 'parabench') commands.push(command.slice(2));
      else if (npmRun?.[0] === 'bench' && npmRun[1] === '--') commands.push(['bench', ...npmRun.slice(2)]);
      else if (npmRun?.[0] === 'parabench' && npmRun[1] === '--') commands.push(npmRun.slice(2));
      // a redirection's target is not a command
      if (word !== undefined && /[<>]/.test(word)) i++;
      start = i + 1;
    }
  }
  return commands;
}

test('the command scanner finds parabench commands in shell lines', () => {
  assert.deepEqual(
    parabenchCommands(
      'npm install && npm run bench -- --scenario cpu   # run it\nCOLUMNS=160 npx parabench bench --node-flags "none,--x y" | less\nnpm test\nnpm run --silent parabench -- merge a.json > out.md\nnpx parabench bench \\\n  --quick',
    ),
    [['bench', '--scenario', 'cpu'], ['bench', '--node-flags', 'none,--x y'], ['merge', 'a.json'], ['bench', '--quick']],
  );
});

// commander prints help and exits 0 as soon as it sees --help, before it rejects an unknown option
// or command, so exit 0 alone proves little: the help printed must also be the named command's, and
// list every flag the command uses.
test("every parabench command in README.md's sh blocks names a real command and only flags its help lists", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const commands = splitFences(readme)
    .fences.filter((fence) => ['sh', 'bash', 'shell', 'console'].includes(fence.info))
    .flatMap((fence) => parabenchCommands(fence.lines.join('\n')));
  assert.ok(commands.length >= 5, `expected the README's commands, found ${commands.length}`);
  const problems: string[] = [];
  for (const args of commands) {
    const shown = `parabench ${args.join(' ')}`;
    const run = await runHere([...args, '--help'], { cwd: ROOT });
    if (run.code !== 0) {
      problems.push(`${shown}: exit ${run.code}: ${run.stderr.trim()}`);
      continue;
    }
    const subcommand = args.find((arg) => !arg.startsWith('-'));
    if (subcommand === undefined || !new RegExp(`^Usage: parabench ${subcommand}\\b`, 'm').test(run.stdout)) {
      problems.push(`${shown}: "${subcommand ?? '(none)'}" is not a parabench command`);
      continue;
    }
    const known = new Set(helpFlags(run.stdout));
    const unknown = args.filter((arg) => arg.startsWith('--')).map((arg) => arg.split('=')[0] as string).filter((flag) => !known.has(flag));
    if (unknown.length > 0) problems.push(`${shown}: ${unknown.join(', ')} not in \`${subcommand} --help\``);
  }
  assert.deepEqual(problems, []);
});
