// Example task that calls native code on libuv's thread pool: node:crypto's asynchronous pbkdf2.
// Run: npx parabench bench --task ./examples/tasks/pbkdf2.js#pbkdf2 --inputs 200
import { pbkdf2 as pbkdf2Callback } from 'node:crypto';
import { promisify } from 'node:util';

const derive = promisify(pbkdf2Callback);

/**
 * Derives a 32-byte key from `password-n` with PBKDF2-HMAC-SHA256, 20,000 iterations. The work runs
 * in C++ on libuv's thread pool (4 threads by default), so even the promise strategy keeps several
 * cores busy while its one JavaScript thread waits.
 */
export async function pbkdf2(input) {
  const { password = `password-${input}`, salt = 'parabench', iterations = 20_000 } = typeof input === 'object' && input !== null ? input : {};
  const key = await derive(password, salt, iterations, 32, 'sha256');
  return key.toString('hex');
}
