/** The loopback server's request handler: latency, connection limit, faults, statistics. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BodySource } from './bodies.js';
import { ATTEMPT_HEADER, CALIBRATE_HEADER, INFO_PATH, ITEMS_PATH, serverInfo, type ServerConfig } from './config.js';
import { draw, faultFor, type Fault } from './draw.js';

/** What the server did, reported when it stops. */
export interface ServerStats {
  /** Requests received, of any kind. */
  requests: number;
  /** Item answers by the fault they carried (`none` for a normal answer). */
  readonly answers: Record<Fault, number>;
  /** Most requests that were waiting in line at once (only with a connection limit). */
  peakWaiting: number;
}

export function emptyStats(): ServerStats {
  return { requests: 0, answers: { none: 0, error: 0, slow: 0, cut: 0, corrupt: 0 }, peakWaiting: 0 };
}

/** At most `limit` holders at once (0: no limit); the others wait in arrival order. */
class Line {
  #inside = 0;
  readonly #waiting: Array<() => void> = [];
  /** Most holders that waited at once. */
  peakWaiting = 0;
  constructor(private readonly limit: number) {}
  async enter(): Promise<void> {
    if (this.limit > 0 && this.#inside >= this.limit) {
      const turn = new Promise<void>((resolve) => this.#waiting.push(resolve));
      this.peakWaiting = Math.max(this.peakWaiting, this.#waiting.length);
      await turn;
    }
    this.#inside += 1;
  }
  leave(): void {
    this.#inside -= 1;
    this.#waiting.shift()?.();
  }
}

const ITEM = new RegExp(`^${ITEMS_PATH}/(\\d{1,9})$`);

function attemptOf(request: IncomingMessage): number {
  const value = Number(request.headers[ATTEMPT_HEADER]);
  return Number.isSafeInteger(value) && value > 0 ? value : 1;
}

/**
 * The loopback server's request handler: `GET /items/n` answers item n's body after the
 * configured latency, with the fault drawn for (n, attempt); `GET /parabench/server`
 * describes the server. Node's http module does the protocol; this does the benchmark.
 */
export function createHandler(config: ServerConfig, stats: ServerStats): (request: IncomingMessage, response: ServerResponse) => void {
  const bodies = new BodySource(config.body);
  const line = new Line(config.maxConnections);
  const connection = config.keepAlive ? {} : { connection: 'close' };

  async function answerItem(item: number, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const calibrating = request.headers[CALIBRATE_HEADER] !== undefined;
    const attempt = attemptOf(request);
    const fault = calibrating ? 'none' : faultFor(config.faults, item, attempt);
    const waitMs = calibrating
      ? 0
      : fault === 'slow'
        ? config.faults.slowMs
        : config.latencyMs + Math.floor(draw(config.faults.seed, item, attempt, 'jitter') * (config.jitterMs + 1));
    const body = await bodies.get(item);
    if (waitMs > 0) await sleep(waitMs);
    if (response.destroyed) return; // the client gave up while it waited
    if (!calibrating) stats.answers[fault] += 1;
    if (fault === 'error') {
      response.writeHead(503, { 'content-type': 'text/plain', ...connection }).end('injected fault: 503\n');
      return;
    }
    let bytes = body.bytes;
    if (fault === 'corrupt') {
      bytes = Buffer.from(body.bytes);
      const at = Math.floor(draw(config.faults.seed, item, attempt, 'corrupt') * bytes.length);
      bytes[at] = (bytes[at] as number) ^ 0xff;
    }
    response.writeHead(200, {
      'content-type': body.contentType,
      'content-length': String(bytes.length),
      'repr-digest': `sha-256=:${body.sha256Base64}:`,
      'cache-control': 'no-store',
      ...connection,
    });
    if (fault === 'cut') {
      // Half the promised bytes, then the connection ends: the client must notice.
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.destroy());
      return;
    }
    response.end(bytes);
  }

  return (request, response) => {
    stats.requests += 1;
    const path = (request.url ?? '/').split('?')[0] as string;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', ...connection }).end();
      return;
    }
    if (path === INFO_PATH) {
      response.writeHead(200, { 'content-type': 'application/json', ...connection }).end(JSON.stringify(serverInfo(config)));
      return;
    }
    const match = ITEM.exec(path);
    if (match === null) {
      response.writeHead(404, { 'content-type': 'text/plain', ...connection }).end(`no such resource: ${path}; items are ${ITEMS_PATH}/<n>\n`);
      return;
    }
    const item = Number(match[1]);
    void (async () => {
      await line.enter();
      stats.peakWaiting = line.peakWaiting;
      try {
        await answerItem(item, request, response);
      } catch (error) {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain', ...connection });
        response.end(`server error: ${error instanceof Error ? error.message : String(error)}\n`);
      } finally {
        line.leave();
      }
    })();
  };
}
