#!/usr/bin/env node
// What observing costs a trial: the same trial command unobserved (nothing read but its own times),
// as bench runs a row by default (the default set of instruments), with each group of --explain's
// readings and each opt-in instrument alone, with all of --explain, in interleaved rounds, and as
// `hyperfine -N` runs it (no channel to the harness at all). Prints each variant's effect on real,
// work window and user+sys against the unobserved trial: the geometric mean of the per-round ratios
// with its 95% interval.
//
// Usage (after `npm run build`):
//   node scripts/observer-cost.mjs [--scenario cpu-js] [--items N] [--strategy a,b] [--rounds 10]
//     [--variants default,explain,...] [--workers 2] [--concurrency 1]   (a pool's tasks per worker, or promise's limit: as the row's trial command has it)
//
// Variants:
//   unobserved  the trial as bench runs it without --explain (its report over IPC, its processes' peak
//               memory read after the work window), with no instrument at all; the baseline
//   default     as bench runs a row: with the default set of instruments (foreign-load: two reads of
//               /proc/stat in the harness, before the spawn and after the exit)
//   window      --explain's trial readings alone (the threads instrument): GC observers and event-loop
//               figures in every JavaScript thread, the libuv probe, threads by kind around the work window
//   sampler     the harness's sampling of the trial's threads and process tree alone (250 ms, faster in the window)
//   explain     both, as bench --explain runs a row
//   NAME        each instrument outside the default set, alone beside the default set (--instruments NAME)
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { measureProcess } from '../dist/harness/measure/process.js';
import { readTrialMessage } from '../dist/harness/trial/report.js';
import { windowSampleInterval } from '../dist/harness/run/rounds.js';
import { meanHalfWidth95 } from '../dist/harness/statistics/student-t.js';
import { defaultInstruments, EXPLAINING, instrumentNames, loadInstruments } from '../dist/harness/instrument-registry.js';

const { values: flags } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'cpu-js' },
    items: { type: 'string' },
    strategy: { type: 'string', default: 'sequential,worker-threads,child-process' },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '10' },
    'sample-interval': { type: 'string', default: '250' },
    variants: { type: 'string' },
  },
});
const rounds = Number(flags.rounds);
const sampleMs = Number(flags['sample-interval']);
if (!Number.isInteger(rounds) || rounds < 2 || !Number.isFinite(sampleMs) || sampleMs <= 0) {
  console.error('observer-cost: --rounds takes a whole number of 2 or more, --sample-interval a positive number of milliseconds');
  process.exit(2);
}

const cli = new URL('../dist/harness/cli.js', import.meta.url).pathname;
const command = (strategy) => [
  process.execPath, cli, 'trial', '--scenario', flags.scenario, '--strategy', strategy,
  '--workers', flags.workers, '--concurrency', flags.concurrency, '--chunk-size', '1',
  ...(flags.items === undefined ? [] : ['--items', flags.items]),
  '--cache-dir', new URL('../results/.cache', import.meta.url).pathname,
];

const defaults = await defaultInstruments();
// --explain's own instruments are measured as `window` and `explain`.
const optIn = (await loadInstruments(instrumentNames())).filter((instrument) => instrument.byDefault !== true && !EXPLAINING.includes(instrument.name));

/**
 * One trial as parabench's rows run it: with --explain's readings or not, the harness sampling at
 * `intervalMs` (0: off), and the given instruments (their harness probes here, their names to the trial).
 */
async function asRow(cmd, { window, intervalMs, expectedWork, instruments = [] }) {
  const asked = instruments.filter((instrument) => instrument.byDefault !== true).map((instrument) => instrument.name);
  const m = await measureProcess({
    command: [...cmd, ...(window ? ['--explain'] : []), ...(asked.length === 0 ? [] : ['--instruments', asked.join(',')]), '--report-ipc'],
    probes: instruments.flatMap((instrument) => (instrument.inHarness === undefined ? [] : [[instrument.name, instrument.inHarness()]])),
    timeMethod: 'linux-proc-cutime',
    sampleIntervalMs: intervalMs,
    windowSampleIntervalMs: windowSampleInterval(intervalMs, expectedWork),
    timeoutSeconds: 600,
    env: { ...process.env },
    readMessage: readTrialMessage,
  });
  if (m.exitCode !== 0 || m.report === undefined) throw new Error(`trial failed (exit ${m.exitCode}): ${m.stderrTail}`);
  return { real: m.realSeconds, work: m.report.workSeconds, cpu: m.userSeconds + m.sysSeconds };
}

/** The command as `hyperfine -N` runs it: no channel to a harness, nothing read from outside. */
function asHyperfine(cmd) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd[0], cmd.slice(1), { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve({ real: Number(process.hrtime.bigint() - started) / 1e9 }) : reject(new Error(`trial exited ${code}`))));
  });
}

const VARIANTS = {
  unobserved: (cmd, expectedWork) => asRow(cmd, { window: false, intervalMs: 0, expectedWork }),
  default: (cmd, expectedWork) => asRow(cmd, { window: false, intervalMs: 0, expectedWork, instruments: defaults }),
  window: (cmd, expectedWork) => asRow(cmd, { window: true, intervalMs: 0, expectedWork, instruments: defaults }),
  sampler: (cmd, expectedWork) => asRow(cmd, { window: false, intervalMs: sampleMs, expectedWork, instruments: defaults }),
  explain: (cmd, expectedWork) => asRow(cmd, { window: true, intervalMs: sampleMs, expectedWork, instruments: defaults }),
  ...Object.fromEntries(optIn.map((instrument) => [instrument.name, (cmd, expectedWork) => asRow(cmd, { window: false, intervalMs: 0, expectedWork, instruments: [...defaults, instrument] })])),
  'hyperfine -N': (cmd) => asHyperfine(cmd),
};

/** Geometric mean of paired ratios with its 95% interval (t on the logs), as percentages. */
function effect(ratios) {
  const logs = ratios.map(Math.log);
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  const half = meanHalfWidth95(logs) ?? Number.NaN;
  const pct = (x) => `${((Math.exp(x) - 1) * 100).toFixed(1)}%`;
  return `${pct(mean)} [${pct(mean - half)}, ${pct(mean + half)}]`;
}

// --variants a,b keeps those (the unobserved baseline always runs).
const wanted = flags.variants?.split(',').map((name) => name.trim());
const unknown = (wanted ?? []).filter((name) => !(name in VARIANTS));
if (unknown.length > 0) {
  console.error(`observer-cost: no variant ${unknown.join(', ')}; there are ${Object.keys(VARIANTS).join(', ')}`);
  process.exit(2);
}
const names = Object.keys(VARIANTS).filter((name) => name === 'unobserved' || wanted === undefined || wanted.includes(name));
process.on('uncaughtException', (error) => {
  // A trial that fails (a strategy or scenario it does not know, say) ends the measurement: say why, once.
  console.error(`observer-cost: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(`observer-cost: ${flags.scenario}${flags.items === undefined ? '' : ` --items ${flags.items}`}, ${rounds} interleaved rounds, sampling ${sampleMs} ms; effect against the unobserved trial, geometric mean [95% interval]`);
for (const strategy of flags.strategy.split(',')) {
  const cmd = command(strategy);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  let expectedWork = null;
  for (let round = 0; round < rounds; round += 1) {
    // Each round runs every variant once, in an order that turns, so none always follows another.
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const run = await VARIANTS[name](cmd, expectedWork);
      runs[name].push(run);
      if (run.work !== undefined && run.work > 0) expectedWork = Math.min(expectedWork ?? Infinity, run.work);
    }
  }
  console.log(`\n${strategy} (workers ${flags.workers}, concurrency ${flags.concurrency}):`);
  for (const name of names.filter((n) => n !== 'unobserved')) {
    const paired = (key) => runs[name].flatMap((run, i) => (run[key] === undefined ? [] : [run[key] / runs.unobserved[i][key]]));
    const parts = [`real ${effect(paired('real'))}`];
    if (name !== 'hyperfine -N') parts.push(`work ${effect(paired('work'))}`, `user+sys ${effect(paired('cpu'))}`);
    console.log(`  ${name.padEnd(13)} ${parts.join('   ')}`);
  }
  // The row as bench runs it against the same command as hyperfine -N runs it, paired round by round.
  if (runs.default !== undefined && runs['hyperfine -N'] !== undefined) {
    const against = runs.default.map((run, i) => run.real / runs['hyperfine -N'][i].real);
    console.log(`  default against hyperfine -N: real ${effect(against)}`);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(`  (unobserved trial: real ${median(runs.unobserved.map((r) => r.real)).toFixed(3)} s, work ${median(runs.unobserved.map((r) => r.work)).toFixed(3)} s, medians)`);
}
