/** `parabench list`: the scenarios and strategies, with the `independent` ceiling row, and the instruments. */
import type { Command } from 'commander';
import { scenarios } from '../../scenarios/registry.js';
import { strategies } from '../../strategies/registry.js';
import { INDEPENDENT, INDEPENDENT_SUMMARY } from '../results/row-kinds.js';
import { instrumentNames, loadInstruments } from '../instrument-registry.js';
import type { Print } from './options.js';

async function list(print: Print): Promise<number> {
  print('Scenarios:');
  for (const s of Object.values(scenarios)) print(`  ${s.name.padEnd(16)} ${s.summary}`);
  print('Strategies:');
  for (const s of Object.values(strategies)) print(`  ${s.name.padEnd(16)} ${s.summary}`);
  print(`  ${INDEPENDENT.padEnd(16)} ${INDEPENDENT_SUMMARY}`);
  const instruments = await loadInstruments(instrumentNames());
  if (instruments.length > 0) print('Instruments (bench --instruments, beyond the built-in readings):');
  for (const i of instruments) print(`  ${i.name.padEnd(16)} ${i.measures}`);
  return 0;
}

/** Adds `list` to the program; its exit code goes to `setExit`, its lines to `print`. */
export function registerList(root: Command, setExit: (code: number) => void, print: Print): void {
  root.command('list').description('list scenarios, strategies and instruments').action(async () => setExit(await list(print)));
}
