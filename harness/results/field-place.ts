/** Names a place in a results file in the domain's words (scenario, row, trial, field), for messages about what is wrong there. */

type Json = unknown;

const child = (value: Json, key: string): Json =>
  typeof value === 'object' && value !== null ? (value as Record<string, Json>)[key] : undefined;

const text = (value: Json): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/**
 * A JSON pointer into a parsed results file (`/scenarios/0/rows/1/trials/3/realSeconds`) as a
 * person reads it: `scenario cpu (10 items), row "worker-threads x2", trial 4, realSeconds`.
 * Parts it cannot name in words stay as they are, joined with dots.
 */
export function describePlace(root: Json, pointer: string): string {
  const keys = pointer.split('/').slice(1).map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  const words: string[] = [];
  const fields: string[] = [];
  let value = root;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const index = keys[i + 1];
    const element = index === undefined ? undefined : child(child(value, key), index);
    if (fields.length === 0 && index !== undefined && /^\d+$/.test(index) && element !== undefined) {
      const n = Number(index) + 1;
      if (key === 'scenarios') {
        const name = text(child(element, 'scenario'));
        const items = text(child(element, 'items'));
        words.push(name === undefined ? `scenario ${n}` : `scenario ${name}${items === undefined ? '' : ` (${items} items)`}`);
      } else if (key === 'rows') {
        const label = text(child(element, 'label'));
        words.push(label === undefined ? `row ${n}` : `row "${label}"`);
      } else if (key === 'trials' || key === 'copies') {
        words.push(`${key === 'trials' ? 'trial' : 'copy'} ${n}${child(element, 'warmup') === true ? ' (warm-up)' : ''}`);
      } else {
        fields.push(key, index);
      }
      value = element;
      i += 1;
      continue;
    }
    fields.push(key);
    value = child(value, key);
  }
  if (fields.length > 0) words.push(fields.join('.'));
  return words.length > 0 ? words.join(', ') : 'the top level';
}

/** The value at a JSON pointer; undefined where there is none. */
export function atPointer(root: Json, pointer: string): Json {
  return pointer
    .split('/')
    .slice(1)
    .reduce<Json>((at, key) => child(at, key.replace(/~1/g, '/').replace(/~0/g, '~')), root);
}

/** The value at a JSON pointer, as a message shows it: `Infinity` for 1e999, `-5`, `"text"`. */
export function valueAt(root: Json, pointer: string): string {
  const value = atPointer(root, pointer);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `${String(value)} (a number beyond what a double holds, as 1e999 reads)`;
  if (value === undefined) return 'missing';
  const shown = JSON.stringify(value);
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}
