#!/usr/bin/env node
// Calibrates `parabench compare` as a CI gate: how often it calls a change where there is none (A/A),
// and how often it finds a slowdown of known size planted in one strategy's rows.
//
//   node scripts/calibrate-compare.mjs run   --out DIR [--blocks 4] [--rounds 3] [--plant LIST] -- BENCH FLAGS...
//   node scripts/calibrate-compare.mjs score --out DIR [--threshold 5%] [--correction holm|bh|none] [--metric real] [--max-foreign-load 0.25|none] [--unit run|trial]
//
// `run` runs `bench` (built: npm run build first) in blocks. Each block has --rounds rounds, and each
// round runs three times in a row: A, then P (with --plant-slowdown), then A' (plain again), so every
// pair compared alternates as the workflow's compare job does. The planted sizes rotate over the
// named strategies from block to block. `score` compares, per block, A with A' (every row: A/A) and
// A with P (the planted rows, and every other row as A/A again), and prints the false-alarm rate and
// the share of planted rows found, by size. It writes DIR/calibration.json with every row's verdict.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'harness', 'cli.js');

function fail(message) {
  console.error(`calibrate-compare: ${message}`);
  process.exit(2);
}

/** `--name value` pairs before `--`, and the bench flags after it. */
function parse(argv) {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const flags = {};
  for (let i = 0; i < own.length; i += 2) {
    if (!own[i].startsWith('--') || own[i + 1] === undefined) fail(`expected --flag value pairs, got "${own.slice(i).join(' ')}"`);
    flags[own[i].slice(2)] = own[i + 1];
  }
  return { flags, bench: split === -1 ? [] : argv.slice(split + 1) };
}

function wholeNumber(flags, name, fallback) {
  const value = Number(flags[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} takes a whole number of 1 or more, got "${flags[name]}"`);
  return value;
}

/** The planted list rotated by `shift`: the strategies keep their order, the sizes move along. */
function rotated(plant, shift) {
  const parts = plant.split(',').map((part) => part.split('='));
  return parts.map(([strategy], i) => `${strategy}=${parts[(i + shift) % parts.length][1]}`).join(',');
}

function bench(out, name, flags) {
  const args = [cli, 'bench', ...flags, '--name', name, '--out', out, '--format', 'json'];
  console.log(`[${new Date().toISOString()}] ${name}`);
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) fail(`bench ${name} exited ${result.status}: node ${args.join(' ')}`);
}

function run(flags, benchFlags) {
  if (!existsSync(cli)) fail('dist/harness/cli.js is missing: run npm run build first');
  const out = resolve(flags.out ?? fail('run needs --out DIR'));
  const blocks = wholeNumber(flags, 'blocks', 4);
  const rounds = wholeNumber(flags, 'rounds', 3);
  const plant = flags.plant ?? 'worker-threads=5%,child-process=10%,cluster=20%';
  mkdirSync(out, { recursive: true });
  const plan = { benchFlags, rounds, blocks: [] };
  for (let b = 1; b <= blocks; b += 1) {
    const planted = rotated(plant, b - 1);
    plan.blocks.push({ block: b, planted });
    writeFileSync(join(out, 'plan.json'), JSON.stringify(plan, null, 2));
    for (let r = 1; r <= rounds; r += 1) {
      bench(out, `b${b}-r${r}-A`, benchFlags);
      bench(out, `b${b}-r${r}-P`, [...benchFlags, '--plant-slowdown', planted]);
      bench(out, `b${b}-r${r}-A2`, benchFlags);
    }
  }
  console.log(`done: score with node scripts/calibrate-compare.mjs score --out ${out}`);
}

async function score(flags) {
  const out = resolve(flags.out ?? fail('score needs --out DIR'));
  const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8'));
  const { compareRuns } = await import(join(root, 'dist', 'harness', 'compare', 'compare.js'));
  const { poolRuns } = await import(join(root, 'dist', 'harness', 'compare', 'pool-runs.js'));
  const { parseThreshold } = await import(join(root, 'dist', 'harness', 'compare', 'command.js'));
  const options = {
    threshold: parseThreshold(flags.threshold ?? '5%'),
    crossMachine: false,
    metric: flags.metric ?? 'real',
    alpha: 0.05,
    correction: flags.correction ?? 'holm',
    // As the workflow's gate runs it: rows that could have missed a regression are undecided.
    failOnRegression: true,
    ...(flags['max-foreign-load'] === 'none' ? {} : { maxForeignLoad: Number(flags['max-foreign-load'] ?? '0.25') }),
  };
  const pooled = (block, kind) => poolRuns(Array.from({ length: plan.rounds }, (_, i) => JSON.parse(readFileSync(join(out, `b${block}-r${i + 1}-${kind}.json`), 'utf8'))));
  // `--unit trial` takes the pooled runs' trials as one sample, as compare did before it tested runs: for comparison only.
  const asTrials = (results) => ({
    ...results,
    scenarios: results.scenarios.map((s) => ({ ...s, rows: s.rows.map((row) => ({ ...row, trials: row.trials.map(({ pooledRun, ...t }) => t) })) })),
  });
  const side = (block, kind) => (flags.unit === 'trial' ? asTrials(pooled(block, kind)) : pooled(block, kind));
  const verdicts = [];
  for (const { block, planted } of plan.blocks) {
    const files = ['A', 'P', 'A2'].flatMap((kind) => Array.from({ length: plan.rounds }, (_, i) => join(out, `b${block}-r${i + 1}-${kind}.json`)));
    if (!files.every((file) => existsSync(file))) {
      console.log(`block ${block}: not all of its runs are there yet, left out`);
      continue;
    }
    const sizes = new Map(planted.split(',').map((part) => part.split('=')).map(([strategy, percent]) => [strategy, percent]));
    for (const [pair, kind] of [['A/A', 'A2'], ['planted', 'P']]) {
      const comparison = compareRuns(side(block, 'A'), side(block, kind), options);
      for (const row of comparison.rows) {
        const strategy = row.name.replace(/^.*\) /, '').split(' ')[0];
        const plantedSize = pair === 'planted' ? sizes.get(strategy) : undefined;
        verdicts.push({
          block,
          pair,
          row: row.name,
          planted: plantedSize ?? null,
          verdict: row.verdict,
          change: row.test === null ? null : row.test.ratio - 1,
          detectable: row.detectable,
          adjustedP: row.adjustedP,
        });
      }
    }
  }
  const unplanted = verdicts.filter((v) => v.planted === null);
  const called = new Set(['better', 'worse', 'regression']);
  const alarms = unplanted.filter((v) => called.has(v.verdict));
  const count = (verdict) => unplanted.filter((v) => v.verdict === verdict).length;
  console.log(
    `Unchanged rows compared: ${unplanted.length}; called changed: ${alarms.length} (${((100 * alarms.length) / Math.max(1, unplanted.length)).toFixed(1)}%); ` +
      `"~" ${count('~')}, undecided ${count('undecided')}, untested ${count('untested')}`,
  );
  for (const alarm of alarms) console.log(`  false alarm: block ${alarm.block} ${alarm.pair} ${alarm.row}: ${alarm.verdict} ${(alarm.change * 100).toFixed(1)}% (adjusted p ${alarm.adjustedP})`);
  const seen = unplanted.filter((v) => v.detectable !== null).map((v) => v.detectable).sort((a, b) => a - b);
  if (seen.length > 0) console.log(`Detectable change of unchanged rows: median ±${(100 * seen[Math.floor(seen.length / 2)]).toFixed(1)}%, from ±${(100 * seen[0]).toFixed(1)}% to ±${(100 * seen.at(-1)).toFixed(1)}%`);
  const sizes = [...new Set(verdicts.filter((v) => v.planted !== null).map((v) => v.planted))].sort((a, b) => parseFloat(a) - parseFloat(b));
  for (const size of sizes) {
    const rows = verdicts.filter((v) => v.planted === size);
    const seeing = rows.filter((v) => v.detectable !== null && v.detectable < parseFloat(size) / 100);
    const found = (list) => list.filter((v) => v.verdict === 'worse' || v.verdict === 'regression').length;
    console.log(
      `Planted ${size}: found in ${found(rows)} of ${rows.length} rows; in ${found(seeing)} of ${seeing.length} whose detectable change was under ${size}` +
        ` (measured change, detectable: ${rows.map((v) => `${v.row.replace(/ \(.*\) /, ' ')} ${v.change === null ? 'n/a' : `${(v.change * 100).toFixed(1)}%`} ±${v.detectable === null ? 'n/a' : (v.detectable * 100).toFixed(1)}% ${v.verdict}`).join('; ')})`,
    );
  }
  writeFileSync(join(out, 'calibration.json'), JSON.stringify({ options, plan, verdicts }, null, 2));
}

const [command, ...rest] = process.argv.slice(2);
const { flags, bench: benchFlags } = parse(rest);
if (command === 'run') run(flags, benchFlags);
else if (command === 'score') await score(flags);
else fail('usage: calibrate-compare.mjs run --out DIR [--blocks N] [--rounds N] [--plant LIST] -- BENCH FLAGS | score --out DIR [--threshold 5%] [--correction holm]');
