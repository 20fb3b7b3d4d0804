/** A canonical serialisation and hash of any structured-clonable output, so outputs compare across strategies. */
// A canonical text of a task's output, so equal outputs hash alike whichever strategy produced them.
import { createHash } from 'node:crypto';

/** An output the canonical serialisation refuses: what structured cloning refuses too (functions, symbols, promises). */
export class UnhashableError extends Error {
  override readonly name = 'UnhashableError';
}

/** Error names structured cloning keeps; any other name arrives as `Error`. */
const CLONED_ERROR_NAMES = new Set(['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError']);

/** Objects structured cloning cannot copy, by their `Object.prototype.toString` tag. */
const REFUSED_TAGS = new Set(['Promise', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Generator', 'AsyncGenerator']);

const tagOf = (value: object): string => Object.prototype.toString.call(value).slice(8, -1);

const bytesText = (view: ArrayBufferView | ArrayBuffer | SharedArrayBuffer): string =>
  Buffer.from(view instanceof ArrayBuffer || view instanceof SharedArrayBuffer ? new Uint8Array(view) : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)).toString('base64');

/**
 * The canonical text of a value. It reads a value as structured cloning copies it, so an output
 * returned in-process and the same output cloned back from a worker give the same text: plain
 * objects and class instances alike by their own enumerable string keys, sorted; Map entries and
 * Set members sorted by their own text (insertion order is ignored); Buffer as the Uint8Array it
 * becomes; an Error by its name and message. Cycles are written as a reference to the enclosing
 * level. Functions, symbols, promises and weak collections throw an UnhashableError naming where.
 */
export function canonicalText(value: unknown, path = '$', stack: object[] = []): string {
  switch (typeof value) {
    case 'undefined':
      return 'u';
    case 'boolean':
      return value ? 't' : 'f';
    case 'number':
      return Object.is(value, -0) ? 'n-0' : `n${String(value)}`;
    case 'bigint':
      return `b${value.toString()}`;
    case 'string':
      return `s${JSON.stringify(value)}`;
    case 'symbol':
    case 'function':
      throw new UnhashableError(`a ${typeof value} at ${path}`);
  }
  if (value === null) return 'z';
  const object = value as object;
  const depth = stack.indexOf(object);
  if (depth >= 0) return `^${stack.length - depth}`;
  const tag = tagOf(object);
  if (REFUSED_TAGS.has(tag)) throw new UnhashableError(`a ${tag} at ${path}`);
  stack.push(object);
  try {
    return composite(object, tag, path, stack);
  } finally {
    stack.pop();
  }
}

function composite(object: object, tag: string, path: string, stack: object[]): string {
  if (Array.isArray(object)) {
    const items: string[] = [];
    for (let i = 0; i < object.length; i += 1) items.push(i in object ? canonicalText(object[i], `${path}[${i}]`, stack) : 'h');
    return `[${items.join(',')}]`;
  }
  if (object instanceof ArrayBuffer || object instanceof SharedArrayBuffer) return `${tag}(${bytesText(object)})`;
  if (ArrayBuffer.isView(object)) return `${tag}(${bytesText(object)})`;
  if (object instanceof Date) return `D${object.getTime()}`;
  if (object instanceof RegExp) return `R${String(object)}`;
  if (object instanceof Map) {
    const entries = [...object].map(([key, entry], i) => `${canonicalText(key, `${path}.keys()[${i}]`, stack)}=>${canonicalText(entry, `${path}.get(…)`, stack)}`);
    return `M{${entries.sort().join(',')}}`;
  }
  if (object instanceof Set) {
    return `S{${[...object].map((member, i) => canonicalText(member, `${path}.values()[${i}]`, stack)).sort().join(',')}}`;
  }
  if (object instanceof Error) {
    const name = CLONED_ERROR_NAMES.has(object.name) ? object.name : 'Error';
    return `E${JSON.stringify(name)}:${JSON.stringify(object.message)}`;
  }
  if (tag === 'Boolean' || tag === 'Number' || tag === 'String' || tag === 'BigInt') {
    return `O${tag}(${canonicalText((object as { valueOf(): unknown }).valueOf(), path, stack)})`;
  }
  const keys = Object.keys(object).sort();
  const record = object as Record<string, unknown>;
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalText(record[key], `${path}.${key}`, stack)}`).join(',')}}`;
}

/** The sha-256 (hex) of a value's canonical text; throws an UnhashableError for what it cannot read. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalText(value)).digest('hex');
}
