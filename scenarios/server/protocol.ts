/** The messages between the harness and the loopback server process. */
import type { ServerConfig } from './config.js';
import type { ServerStats } from './handler.js';

/** What the server process reports when it stops: its own CPU, never counted in any trial. */
export interface ServerReport {
  /** CPU seconds of the whole server process over its life. */
  readonly userSeconds: number;
  readonly sysSeconds: number;
  readonly stats: ServerStats;
}

/** Messages from the harness to the server process. */
export type ToServer = { readonly type: 'start'; readonly config: ServerConfig } | { readonly type: 'stop' };

/** Messages from the server process to the harness. */
export type FromServer =
  | { readonly type: 'listening'; readonly address: string; readonly port: number }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'stopped'; readonly report: ServerReport };
