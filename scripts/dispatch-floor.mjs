#!/usr/bin/env node
// The runtime's own cost of a round trip, with no pool: a bare echo worker, N messages in flight.
// Prints microseconds per message for worker.postMessage and for fork IPC with 'json' and
// 'advanced' serialisation, so the overhead scenario's Per item can be held against the floor.
// Usage: node scripts/dispatch-floor.mjs [messages=20000] [rounds=5]   (medians of the rounds)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const CHILD_FLAG = '--echo-child';
const threadEcho = `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));`;

/** Sends `messages` numbers at once and resolves with the seconds until the last came back. */
function echoAll(messages, send, listen) {
  return new Promise((resolve) => {
    let left = messages;
    const started = performance.now();
    listen(() => {
      left -= 1;
      if (left === 0) resolve((performance.now() - started) / 1000);
    });
    for (let i = 0; i < messages; i += 1) send(i);
  });
}

/** Rounds of `echoAll` over one channel; the first round is unmeasured, so both ends are warm. */
async function measure(messages, rounds, channel) {
  const seconds = [];
  for (let round = 0; round <= rounds; round += 1) {
    channel.removeAllListeners('message');
    seconds.push(await echoAll(messages, channel.send, (f) => channel.on('message', f)));
  }
  return seconds.slice(1);
}

async function overThread(messages, rounds) {
  const worker = new Worker(threadEcho, { eval: true });
  const seconds = await measure(messages, rounds, {
    send: (m) => worker.postMessage(m),
    on: (event, f) => worker.on(event, f),
    removeAllListeners: (event) => worker.removeAllListeners(event),
  });
  await worker.terminate();
  return seconds;
}

async function overFork(messages, rounds, serialization) {
  const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], { serialization, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const seconds = await measure(messages, rounds, {
    send: (m) => child.send(m),
    on: (event, f) => child.on(event, f),
    removeAllListeners: (event) => child.removeAllListeners(event),
  });
  child.disconnect();
  return seconds;
}

async function main() {
  const messages = Number(process.argv[2] ?? 20_000);
  const rounds = Number(process.argv[3] ?? 5);
  if (!Number.isInteger(messages) || messages < 1 || !Number.isInteger(rounds) || rounds < 1) {
    console.error('usage: node scripts/dispatch-floor.mjs [messages=20000] [rounds=5] (positive integers)');
    process.exit(2);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const perMessageUs = (seconds) => ((median(seconds) / messages) * 1e6).toFixed(1).padStart(6);
  console.log(`bare echo, ${messages} messages in flight, median of ${rounds} rounds (us per message):`);
  console.log(`  worker.postMessage    ${perMessageUs(await overThread(messages, rounds))}`);
  console.log(`  fork IPC, json        ${perMessageUs(await overFork(messages, rounds, 'json'))}`);
  console.log(`  fork IPC, advanced    ${perMessageUs(await overFork(messages, rounds, 'advanced'))}`);
}

if (process.argv[2] === CHILD_FLAG) {
  process.on('message', (m) => process.send(m));
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}
