/** `parabench list`: the scenarios and strategies, with the harness's own row kinds (the `independent` ceiling), and the instruments. */
import type { Command } from 'commander';
import { scenarios } from '../../scenarios/registry.js';
import { strategies } from '../../strategies/registry.js';
import { HARNESS_ROW_KINDS } from '../results/row-kinds.js';
import { instrumentNames, loadInstruments } from '../instrument-registry.js';

async function list(): Promise<number> {
  console.log('Scenarios:');
  for (const s of Object.values(scenarios)) console.log(`  ${s.name.padEnd(16)} ${s.summary}`);
  console.log('Strategies:');
  for (const s of Object.values(strategies)) console.log(`  ${s.name.padEnd(16)} ${s.summary}`);
  for (const kind of HARNESS_ROW_KINDS) console.log(`  ${kind.name.padEnd(16)} ${kind.summary}`);
  const instruments = await loadInstruments(instrumentNames());
  if (instruments.length > 0) console.log('Instruments (the default set in every run; the others with bench --instruments):');
  for (const i of instruments) console.log(`  ${i.name.padEnd(16)} ${i.byDefault === true ? '(default) ' : ''}${i.measures}`);
  return 0;
}

/** Adds `list` to the program; its exit code goes to `setExit`. */
export function registerList(root: Command, setExit: (code: number) => void): void {
  root.command('list').description('list scenarios, strategies and instruments').action(async () => setExit(await list()));
}
