// What the cluster tests share: the PostgreSQL helpers of test/postgres.ts, a feed server per host that answers
// after 20–50 ms and counts the requests it has in flight, and the real CLI.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { binPath } from '../helpers.js';
import { rss, type RssItem } from '../e2e/support.js';

export { PG_BASE, withPostgres, Database } from '../postgres.js';

/** A host of feeds `/f<n>.xml`, each with `items(n)`; answers after 20–50 ms; counts requests in flight. */
export class FeedHost {
  inFlight = 0;
  maxInFlight = 0;
  requests = 0;
  base = '';
  private server: Server | null = null;

  constructor(private readonly items: (feed: number) => RssItem[]) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const feed = Number(/^\/f(\d+)\.xml/.exec(req.url ?? '')?.[1]);
      this.requests++;
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const body = Number.isInteger(feed) ? rss(`Feed ${feed}`, `https://site${feed}.example/`, this.items(feed)) : null;
      setTimeout(() => {
        this.inFlight--;
        if (body === null) res.writeHead(404).end();
        else res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
      }, 20 + Math.floor(Math.random() * 31));
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}

export function item(feed: number, n: number): RssItem {
  return {
    title: `Feed ${feed} item ${n}`,
    html: `<p>marker-${feed}-${n} 正文</p>`,
    guid: `urn:f${feed}:${n}`,
    link: `https://site${feed}.example/${n}`,
    date: new Date(Date.UTC(2024, 0, 1) + (feed * 100 + n) * 60_000).toUTCString(),
  };
}

export interface Child {
  process: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts the real CLI. */
export function start(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [binPath, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { process: child, done };
}

/** Runs the real CLI to its end and expects exit code 0. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await start(args, env).done;
  assert.equal(r.code, 0, `feedmill ${args.join(' ')}: exit ${r.code} ${r.signal ?? ''}\n${r.stderr}`);
  return r.stdout;
}
