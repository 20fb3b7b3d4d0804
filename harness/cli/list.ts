/** `parabench list`: the scenarios and strategies, with the harness's own row kinds (the `independent` ceiling), and the instruments. */
import type { Command } from 'commander';
import { scenarios } from '../../scenarios/registry.js';
import { strategies } from '../../strategies/registry.js';
import { HARNESS_ROW_KINDS } from '../results/row-kinds.js';
import { instrumentNames, loadInstruments } from '../instrument-registry.js';
import type { Print } from './options.js';

async function list(print: Print): Promise<number> {
  print('Scenarios:');
  for (const s of Object.values(scenarios)) print(`  ${s.name.padEnd(16)} ${s.summary}`);
  print('Strategies:');
  for (const s of Object.values(strategies)) print(`  ${s.name.padEnd(16)} ${s.summary}`);
  for (const kind of HARNESS_ROW_KINDS) print(`  ${kind.name.padEnd(16)} ${kind.summary}`);
  const instruments = await loadInstruments(instrumentNames());
  if (instruments.length > 0) print('Instruments (the default set in every run; the others with bench --instruments):');
  for (const i of instruments) print(`  ${i.name.padEnd(16)} ${i.byDefault === true ? '(default) ' : ''}${i.measures}`);
  return 0;
}

/** Adds `list` to the program; its exit code goes to `setExit`, its lines to `print`. */
export function registerList(root: Command, setExit: (code: number) => void, print: Print): void {
  root.command('list').description('list scenarios, strategies and instruments').action(async () => setExit(await list(print)));
}
