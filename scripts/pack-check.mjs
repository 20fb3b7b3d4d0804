#!/usr/bin/env node
// Packs parabench as npm would publish it, installs the tarball into a scratch project and runs it
// there as a user would: `npx parabench --version`, then a `--task` benchmark. Fails (exit 1) when the
// tarball is 1 MB or more, holds tests or sources, when installing it warns about parabench's own
// scripts, or when either command fails. `npm run pack-check`; CI runs it after the tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'parabench-pack-'));
const problems = [];
const run = (command, args, cwd) => {
  console.log(`$ ${command} ${args.join(' ')}`);
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
};
/** Runs a command and returns stdout and stderr together, so warnings on either are seen. */
const runBoth = (command, args, cwd) => {
  console.log(`$ ${command} ${args.join(' ')}`);
  const out = execFileSync('sh', ['-c', `"$0" "$@" 2>&1`, command, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out;
};

try {
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], root));
  const tarball = join(scratch, packed.filename);
  const bytes = statSync(tarball).size;
  console.log(`tarball: ${packed.filename}, ${bytes} bytes packed, ${packed.unpackedSize} unpacked, ${packed.files.length} files`);
  if (bytes >= 1_000_000) problems.push(`the tarball is ${bytes} bytes, 1 MB or more`);
  const unwanted = packed.files.map((f) => f.path).filter((path) => /^(test|dist\/test|results)\//.test(path) || /\.ts$/.test(path) || /\.map$/.test(path));
  if (unwanted.length > 0) problems.push(`the tarball holds files a user does not run: ${unwanted.slice(0, 5).join(', ')}${unwanted.length > 5 ? ', ...' : ''}`);

  const project = join(scratch, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  const install = runBoth('npm', ['install', '--no-audit', '--no-fund', tarball], project);
  process.stdout.write(install);
  const aboutOurScripts = install.split('\n').filter((line) => /script/i.test(line) && /parabench/.test(line));
  if (aboutOurScripts.length > 0) problems.push(`installing the tarball warns about parabench's own scripts: ${aboutOurScripts.join(' / ')}`);

  const version = run('npx', ['--no-install', 'parabench', '--version'], project).trim();
  const expected = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  console.log(`parabench --version: ${version}`);
  if (version !== expected) problems.push(`--version printed "${version}", expected ${expected}`);

  writeFileSync(join(project, 'square.mjs'), 'export function square(n) { let x = 0; for (let i = 0; i < 2e5; i += 1) x += i % (n + 1); return x; }\n');
  const bench = run('npx', ['--no-install', 'parabench', 'bench', '--task', './square.mjs#square', '--inputs', '20', '--quick', '--iterations', '1', '--warmup', '0', '--strategy', 'sequential,worker-threads', '--workers', '2', '--out', join(project, 'results')], project);
  const table = bench.split('\n').filter((line) => /^(sequential|worker-threads)/.test(line));
  console.log(table.join('\n'));
  if (table.length < 2) problems.push('the --task run printed no row for sequential and worker-threads');
} catch (error) {
  problems.push(`${error.message}${error.stdout ? `\n${error.stdout}` : ''}${error.stderr ? `\n${error.stderr}` : ''}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`pack-check: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('pack-check: the tarball installs into a scratch project and runs there');
