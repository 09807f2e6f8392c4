// `feedmill serve` as a library call: the app on a node HTTP server, bound to the given address.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config, Store } from '../model.js';
import { resolveSources } from '../config/sources.js';
import { createApp } from './app.js';
import { Runs, type RunFn } from './runs.js';
import { isLoopbackHost } from './security.js';

export { isLoopbackHost } from './security.js';

export interface ServeOptions {
  config: Config;
  store: Store;
  /** default 127.0.0.1 */
  host?: string;
  /** default 4000; 0 picks a free port */
  port?: number;
  /** required when host is not a loopback address */
  token?: string | null;
  /** the pipeline's run(); loaded on first use when not given */
  run?: RunFn;
  now?: () => number;
}

export interface RunningServer {
  url: string;
  runs: Runs;
  /** interrupts a run in progress and waits for it to end, then stops listening (the store stays open: the caller owns it) */
  close(): Promise<void>;
}

export class ServeError extends Error {
  override name = 'ServeError';
}

/** Throws ServeError when the address and token break the rules: any address but loopback needs a token. */
export function checkAccess(host: string, token: string | null): void {
  if (!isLoopbackHost(host) && token === null) throw new ServeError(`serving on ${host} needs --token: every request must then carry it`);
  if (token !== null && token.length < 8) throw new ServeError('the token is too short: use at least 8 characters');
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? null;
  checkAccess(host, token);
  const now = opts.now ?? Date.now;
  // the library's run(), loaded on the first "run now": a server that only shows pages never loads the pipeline
  const runFn: RunFn = opts.run ?? (async (config, o) => (await import('../index.js')).run(config, o));
  const runs = new Runs(opts.config, runFn, now);
  const sources = await resolveSources(opts.config, { offline: true });
  const app = createApp({ config: opts.config, store: opts.store, sources, runs, now }, { host, token });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 4000 }, () => resolve(s));
    s.once('error', reject);
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shown}:${addr.port}`,
    runs,
    async close() {
      await runs.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
