import { createCipheriv, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { BodySpec } from './config.js';

/** One body as the server sends it, with the digest it declares. */
export interface Body {
  readonly bytes: Buffer;
  /** sha256 of `bytes`, base64, as RFC 9530's Repr-Digest header carries it. */
  readonly sha256Base64: string;
  readonly contentType: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

/** Bodies kept in memory at most, in bytes; beyond it generated bodies are made again per request. */
const CACHE_BUDGET_BYTES = 256 * 1024 * 1024;

/**
 * Item n's bytes when generated: an AES-128-CTR keystream keyed by n. Deterministic, distinct
 * per item, incompressible like a photo, and made at memory speed rather than in a JS loop.
 */
export function generatedBytes(item: number, size: number): Buffer {
  const key = createHash('sha256').update(`parabench body ${item}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

/** Hands out item bodies, read or generated once and kept while they fit the memory budget. */
export class BodySource {
  readonly #cache = new Map<number, Promise<Body>>();
  #cachedBytes = 0;

  constructor(private readonly spec: BodySpec) {}

  get(item: number): Promise<Body> {
    const key = this.spec.kind === 'files' ? item % this.spec.files.length : item;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const made = this.#make(key);
    this.#cache.set(key, made);
    made.then(
      (body) => {
        // Kept only while it fits the budget; past it, the body is made again on the next request.
        if (this.#cachedBytes + body.bytes.length > CACHE_BUDGET_BYTES) this.#cache.delete(key);
        else this.#cachedBytes += body.bytes.length;
      },
      () => this.#cache.delete(key), // a failed read is tried again next time
    );
    return made;
  }

  async #make(key: number): Promise<Body> {
    const spec = this.spec;
    const bytes = spec.kind === 'files' ? await readFile(spec.files[key] as string) : generatedBytes(key, spec.bytes);
    const contentType = spec.kind === 'files' ? (TYPES[extname(spec.files[key] as string).toLowerCase()] ?? 'application/octet-stream') : 'application/octet-stream';
    return { bytes, sha256Base64: createHash('sha256').update(bytes).digest('base64'), contentType };
  }
}
