/** Every instrument by name: the modules of `harness/instruments/`, each exporting `instrument`. */
// No list to edit: an instrument joins by its file. Commands load the ones they need once, at
// their start (`loadInstruments`); renderers then look them up by name (`loadedInstrument`).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INSTRUMENT_NAME, type Instrument } from './instrument.js';
import { UsageError } from './usage-error.js';

const FOLDER = new URL('./instruments/', import.meta.url);

/** The instruments `--explain` asks for: where the CPU went, by thread kind, with GC and event loops. */
export const EXPLAINING: readonly string[] = ['threads'];

/** The names of the instruments this parabench has, sorted. */
export function instrumentNames(): string[] {
  let files: string[];
  try {
    files = readdirSync(FOLDER);
  } catch {
    return [];
  }
  return files.flatMap((file) => (file.endsWith('.js') && INSTRUMENT_NAME.test(file.slice(0, -3)) ? [file.slice(0, -3)] : [])).sort();
}

const loaded = new Map<string, Instrument>();

/** Loads one instrument by name; an error naming its file when the module does not export one of that name. */
async function load(name: string): Promise<Instrument> {
  const cached = loaded.get(name);
  if (cached !== undefined) return cached;
  const file = fileURLToPath(new URL(`${name}.js`, FOLDER));
  const module = (await import(new URL(`${name}.js`, FOLDER).href)) as { instrument?: Instrument };
  const instrument = module.instrument;
  if (instrument?.name !== name || (typeof instrument.inTrial !== 'function' && typeof instrument.inHarness !== 'function')) {
    throw new Error(`${file} does not export \`instrument\`, an Instrument named "${name}" (see harness/instrument.ts)`);
  }
  loaded.set(name, instrument);
  return instrument;
}

/**
 * `--instruments a,b`: the named instruments, distinct, in the order given; a UsageError naming
 * the unknown one and the instruments there are. `all` names every one.
 */
export function instrumentChoice(value: string | undefined): string[] {
  if (value === undefined) return [];
  const known = instrumentNames();
  const names = [...new Set(value.split(',').map((part) => part.trim()).filter((part) => part.length > 0))];
  if (names.includes('all')) return known;
  for (const name of names) {
    if (!known.includes(name)) {
      throw new UsageError(`--instruments: there is no instrument "${name}"; there are: ${known.length === 0 ? 'none' : known.join(', ')} (or all)`);
    }
  }
  return names;
}

/** Loads the named instruments (each once per process), so renderers can find them by name. */
export async function loadInstruments(names: readonly string[]): Promise<Instrument[]> {
  const out: Instrument[] = [];
  for (const name of names) out.push(await load(name));
  return out;
}

/** The default set: every instrument that is read without being asked for (`byDefault`), loaded. */
export async function defaultInstruments(): Promise<Instrument[]> {
  return (await loadInstruments(instrumentNames())).filter((instrument) => instrument.byDefault === true);
}

/** The instrument of that name if this process has loaded it (see loadInstruments). */
export function loadedInstrument(name: string): Instrument | undefined {
  return loaded.get(name);
}
