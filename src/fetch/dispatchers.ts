// undici keep-alive pools: one for direct connections and one per proxy, made on first use, closed together.
import { createRequire } from 'node:module';
import type { Dispatcher } from 'undici';

// undici's index loads all it has (fetch, WebSocket, caches, mocks): 70–90 ms of CPU and 8 MiB on every run, where
// only the dispatchers are used (requests go through dispatch(), exchange.ts). Of the API its index adds to them,
// ProxyAgent needs connect() for its CONNECT tunnels (the version is locked).
const require = createRequire(import.meta.url);
require('undici/lib/dispatcher/dispatcher').prototype.connect = require('undici/lib/api/api-connect');
const Agent = require('undici/lib/dispatcher/agent') as typeof import('undici').Agent;
const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof import('undici').ProxyAgent;

// loaded for the first SOCKS proxy only: the `socks` client costs ~20 ms of CPU to load
const socksDispatcher = (...args: Parameters<typeof import('fetch-socks').socksDispatcher>) =>
  (require('fetch-socks') as typeof import('fetch-socks')).socksDispatcher(...args);

export interface DispatcherOptions {
  connectTimeout: number;
  /** sockets kept per origin (the per-host limit decides how many requests run) */
  connections: number;
  /** extra CA certificates to trust for https targets and https proxies */
  ca?: string | Buffer | Array<string | Buffer>;
}

/** One keep-alive pool per route (direct, or each proxy), made on first use and closed together. */
export class Dispatchers {
  private direct: Dispatcher | null = null;
  private readonly viaProxy = new Map<string, Dispatcher>();

  constructor(private readonly opts: DispatcherOptions) {}

  for(proxy: URL | null): Dispatcher {
    if (!proxy) return (this.direct ??= new Agent(this.agentOptions()));
    let d = this.viaProxy.get(proxy.href);
    if (!d) {
      d = this.make(proxy);
      this.viaProxy.set(proxy.href, d);
    }
    return d;
  }

  private agentOptions() {
    const { connectTimeout, connections, ca } = this.opts;
    return {
      connections,
      connect: { timeout: connectTimeout, ...(ca ? { ca } : {}) },
      // our own total timer covers headers and body; these only back it up
      headersTimeout: 0,
      bodyTimeout: 0,
    };
  }

  private make(proxy: URL): Dispatcher {
    const { connectTimeout, ca } = this.opts;
    const tls = { timeout: connectTimeout, ...(ca ? { ca } : {}) };
    if (proxy.protocol.startsWith('socks')) {
      // fetch-socks (on the well-kept `socks` client) rather than undici's own Socks5ProxyAgent, which is
      // experimental and prints a warning on every run
      return socksDispatcher(
        {
          type: 5,
          host: proxy.hostname,
          port: Number(proxy.port) || 1080,
          ...(proxy.username ? { userId: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password) } : {}),
        },
        { ...this.agentOptions(), connect: tls },
      );
    }
    return new ProxyAgent({
      ...this.agentOptions(),
      uri: proxy.href,
      // http:// targets go as plain proxy requests (absolute URI), https:// ones through CONNECT, as curl does
      proxyTunnel: false,
      proxyTls: tls,
      requestTls: tls,
    });
  }

  async close(): Promise<void> {
    const all = [this.direct, ...this.viaProxy.values()].filter((d): d is Dispatcher => d !== null);
    this.direct = null;
    this.viaProxy.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => {})));
  }
}
