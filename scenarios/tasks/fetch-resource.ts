/** The io scenario's task: fetch one resource, only its hash travels back. */
import { fetchVerified, type FetchSpec } from '../http/fetch-verified.js';
import { epochMs, lane } from './clock.js';

/** What fetching one resource did; the body itself stays in the worker, only its hash travels. */
export interface FetchResult {
  /** sha256 of the body as received, hex. */
  readonly sha256: string;
  readonly bytes: number;
  readonly attempts: number;
  /** When the first attempt started and the verified body was complete, in epoch milliseconds. */
  readonly startMs: number;
  readonly endMs: number;
  readonly lane: string;
}

/** Fetches one resource with Node's fetch, verifies its length and digest, retries what failed. */
export async function fetchResource(spec: FetchSpec): Promise<FetchResult> {
  const startMs = epochMs();
  const body = await fetchVerified(spec);
  return { sha256: body.sha256, bytes: body.bytes.length, attempts: body.attempts, startMs, endMs: epochMs(), lane: lane() };
}
