import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { FetchError, fetchVerified, type FetchSpec } from '../scenarios/http/fetch-verified.js';
import { generatedBytes } from '../scenarios/server/bodies.js';
import type { FaultRates, ServerConfig } from '../scenarios/server/config.js';
import { faultFor } from '../scenarios/server/draw.js';
import { startServer, type RunningServer } from '../scenarios/server/process.js';

const NO_FAULTS: FaultRates = { errorRate: 0, slowRate: 0, cutRate: 0, corruptRate: 0, slowMs: 0, seed: 1 };
const SIZE = 8192;

function config(faults: Partial<FaultRates>): ServerConfig {
  return { latencyMs: 0, jitterMs: 0, body: { kind: 'generated', bytes: SIZE }, keepAlive: true, maxConnections: 0, faults: { ...NO_FAULTS, ...faults } };
}

async function withServer<T>(faults: Partial<FaultRates>, use: (server: RunningServer) => Promise<T>): Promise<T> {
  const server = await startServer(config(faults));
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

const spec = (url: string, changes: Partial<FetchSpec> = {}): FetchSpec => ({ url, retries: 2, backoffMs: 1, timeoutMs: 5_000, ...changes });
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Rejects with a FetchError of this code, and returns it. */
async function failsWith(work: Promise<unknown>, code: string): Promise<FetchError> {
  const error = await work.then(
    () => assert.fail(`expected a ${code} failure`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof FetchError, String(error));
  assert.equal(error.code, code, error.message);
  return error;
}

test('a verified body is the bytes served, with its hash and the attempts it took', async () => {
  await withServer({}, async (server) => {
    const body = await fetchVerified(spec(`${server.origin}/items/4`));
    assert.deepEqual(Buffer.from(body.bytes), generatedBytes(4, SIZE));
    assert.equal(body.sha256, sha256(generatedBytes(4, SIZE)));
    assert.equal(body.attempts, 1);
  });
});

test('a corrupted body is detected as an error, and a retry that arrives intact recovers it', async () => {
  await withServer({ corruptRate: 1 }, async (server) => {
    const error = await failsWith(fetchVerified(spec(`${server.origin}/items/0`, { retries: 0 })), 'BODY_CORRUPT');
    assert.match(error.message, /items\/0/);
  });
  await withServer({ corruptRate: 0.5, seed: 3 }, async (server) => {
    for (let item = 0; item < 10; item += 1) {
      const expected = [1, 2, 3].find((attempt) => faultFor({ ...NO_FAULTS, corruptRate: 0.5, seed: 3 }, item, attempt) === 'none');
      const fetching = fetchVerified(spec(`${server.origin}/items/${item}`));
      if (expected === undefined) await failsWith(fetching, 'BODY_CORRUPT');
      else {
        const body = await fetching;
        assert.equal(body.attempts, expected, `item ${item}`);
        assert.equal(body.sha256, sha256(generatedBytes(item, SIZE)), 'only the intact body is accepted');
      }
    }
  });
});

test('a body cut mid-way is detected as an error', async () => {
  await withServer({ cutRate: 1 }, async (server) => {
    const error = await failsWith(fetchVerified(spec(`${server.origin}/items/1`)), 'BODY_CUT');
    assert.equal(error.attempts, 3);
  });
});

test('5xx answers are retried, and what still fails is counted with its attempts', async () => {
  const server = await startServer(config({ errorRate: 1 }));
  const error = await failsWith(fetchVerified(spec(`${server.origin}/items/2`, { retries: 2 })), 'HTTP_STATUS');
  assert.equal(error.attempts, 3);
  assert.match(error.message, /503/);
  assert.match(error.message, /attempt 3 of 3/);
  const report = await server.stop();
  assert.equal(report?.stats.answers.error, 3, 'the server answered three times');
});

test('an answer that is not worth retrying is not retried', async () => {
  await withServer({}, async (server) => {
    const error = await failsWith(fetchVerified(spec(`${server.origin}/no-such-thing`)), 'HTTP_STATUS');
    assert.equal(error.attempts, 1);
    assert.match(error.message, /404/);
  });
});

test('an answer slower than the timeout is a timeout, and does not hang', async () => {
  await withServer({ slowRate: 1, slowMs: 3_000 }, async (server) => {
    // Had the timeout not fired, the slow answer would have come whole and the fetch succeeded.
    const error = await failsWith(fetchVerified(spec(`${server.origin}/items/0`, { retries: 1, timeoutMs: 150 })), 'TIMEOUT');
    assert.equal(error.attempts, 2, 'the first try and its one retry, each ended by the timeout');
    assert.match(error.message, /attempt 2 of 2/);
  });
});

test('a closed port is unreachable', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
  const error = await failsWith(fetchVerified(spec(`http://127.0.0.1:${port}/items/0`, { retries: 1 })), 'UNREACHABLE');
  assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
});
