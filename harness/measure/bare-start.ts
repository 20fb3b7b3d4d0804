/** The fixed cost of starting Node: bare `node -e 0` starts, measured like trials. */
import type { TimeMethod } from './child-times.js';
import { measureProcess } from './process.js';

/** Variables that make every Node start slower; measured with and without them. */
const START_UP_ENV = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] as const;

/** Measures `node -e 0` a few times: the fixed cost of starting a runtime. */
export async function bareNodeStart(method: TimeMethod, env: NodeJS.ProcessEnv = process.env): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const m = await measureProcess({ command: [process.execPath, '-e', '0'], timeMethod: method, sampleIntervalMs: 0, timeoutSeconds: 60, env });
    samples.push(m.realSeconds);
  }
  return samples;
}

/** The same bare start without NODE_OPTIONS and NODE_EXTRA_CA_CERTS, when either is set. */
export async function bareNodeStartWithoutSlowEnv(method: TimeMethod): Promise<number[] | undefined> {
  if (!START_UP_ENV.some((name) => process.env[name] !== undefined)) return undefined;
  const env = { ...process.env };
  for (const name of START_UP_ENV) delete env[name];
  return bareNodeStart(method, env);
}

