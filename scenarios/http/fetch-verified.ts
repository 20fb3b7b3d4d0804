/** Fetches one resource, checks its length and digest, and retries with backoff. */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ATTEMPT_HEADER } from '../server/config.js';

/** How one resource is fetched: where from, and how hard to try. */
export interface FetchSpec {
  readonly url: string;
  /** Extra attempts after the first for an answer that failed in a way worth retrying. */
  readonly retries: number;
  /** Wait before retry k is `backoffMs x 2^(k-1)` milliseconds. */
  readonly backoffMs: number;
  /** Limit on one attempt, headers and body together, in milliseconds. */
  readonly timeoutMs: number;
}

/** A body that arrived whole and matched what the server declared. */
export interface FetchedBody {
  readonly bytes: Uint8Array;
  /** sha256 of the body as received, hex. */
  readonly sha256: string;
  /** Attempts it took, 1 when the first succeeded. */
  readonly attempts: number;
}

/** Why a fetch failed: a code a program can count and a message a person can act on. */
export type FetchFailureCode = 'HTTP_STATUS' | 'BODY_CUT' | 'BODY_CORRUPT' | 'TIMEOUT' | 'UNREACHABLE' | 'NETWORK';

/** A failed fetch; `code` says why and `attempts` how many were made. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly code: FetchFailureCode,
    message: string,
    readonly retryable: boolean,
    readonly attempts = 1,
  ) {
    super(message);
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

/** Names what went wrong below fetch: the cause undici wraps in "fetch failed" or "terminated". */
function classify(error: unknown, url: string, timeoutMs: number, readingBody: boolean): FetchError {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return new FetchError('TIMEOUT', `GET ${url}: no complete answer within ${timeoutMs} ms`, true);
  }
  const code = err.cause?.code;
  const why = err.cause?.message ?? err.message ?? String(error);
  if (!readingBody && code !== undefined && UNREACHABLE_CODES.has(code)) {
    return new FetchError('UNREACHABLE', `GET ${url}: could not connect (${code})`, true);
  }
  if (readingBody) return new FetchError('BODY_CUT', `GET ${url}: the body ended early (${why})`, true);
  return new FetchError('NETWORK', `GET ${url}: ${why}${code === undefined ? '' : ` (${code})`}`, true);
}

/** The sha-256 value of a Repr-Digest header (RFC 9530), as base64, if it has one. */
function declaredSha256(header: string | null): string | undefined {
  const match = header === null ? null : /(?:^|,)\s*sha-256=:([A-Za-z0-9+/=]+):/.exec(header);
  return match?.[1];
}

/** One attempt: status, length and digest checked; throws a FetchError on any mismatch. */
export async function fetchOnce(
  url: string,
  attempt: number,
  timeoutMs: number,
  headers: Readonly<Record<string, string>> = {},
): Promise<Omit<FetchedBody, 'attempts'>> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { headers: { ...headers, [ATTEMPT_HEADER]: String(attempt) }, signal });
  } catch (error) {
    throw classify(error, url, timeoutMs, false);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    throw new FetchError('HTTP_STATUS', `GET ${url}: ${response.status} ${response.statusText}`.trimEnd(), retryable);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw classify(error, url, timeoutMs, true);
  }
  // With a content encoding, fetch hands over decoded bytes: length and digest then describe other bytes.
  const encoded = response.headers.get('content-encoding') !== null;
  const length = response.headers.get('content-length');
  if (!encoded && length !== null && Number(length) !== bytes.length) {
    throw new FetchError('BODY_CUT', `GET ${url}: ${bytes.length} bytes arrived of the ${length} announced`, true);
  }
  const declared = encoded ? undefined : declaredSha256(response.headers.get('repr-digest'));
  const digest = createHash('sha256').update(bytes).digest();
  if (declared !== undefined && digest.toString('base64') !== declared) {
    throw new FetchError('BODY_CORRUPT', `GET ${url}: the body's sha256 differs from its Repr-Digest header (corrupted in transit)`, true);
  }
  return { bytes, sha256: digest.toString('hex') };
}

/**
 * Fetches one resource and verifies it (length against Content-Length, sha256 against
 * Repr-Digest where the server sends them), retrying with exponential backoff. What still
 * fails is thrown as a FetchError saying how many attempts were made.
 */
export async function fetchVerified(spec: FetchSpec): Promise<FetchedBody> {
  const attempts = spec.retries + 1;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { ...(await fetchOnce(spec.url, attempt, spec.timeoutMs)), attempts: attempt };
    } catch (error) {
      const failure = error instanceof FetchError ? error : classify(error, spec.url, spec.timeoutMs, false);
      if (!failure.retryable || attempt >= attempts) {
        throw new FetchError(failure.code, `${failure.message} (attempt ${attempt} of ${attempts})`, failure.retryable, attempt);
      }
      await sleep(spec.backoffMs * 2 ** (attempt - 1));
    }
  }
}
