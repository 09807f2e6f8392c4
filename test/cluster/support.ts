// What the cluster tests share: the PostgreSQL server (a fresh schema per test file, dropped after), a feed
// server per host that answers after 20–50 ms and counts the requests it has in flight, and the real CLI.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { binPath } from '../helpers.js';
import { rss, type RssItem } from '../e2e/support.js';

export const PG_BASE = process.env.FEEDMILL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function unreachable(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * Registers `body` when PostgreSQL answers; otherwise one test that fails under CI=true and is skipped with
 * the reason elsewhere.
 */
export async function withPostgres(name: string, body: (db: Database) => void): Promise<void> {
  const why = await unreachable();
  if (why === null) return body(new Database(name));
  const message = `PostgreSQL not reachable at ${PG_BASE} (${why}): start it (see .ci/run), or set FEEDMILL_TEST_DATABASE_URL`;
  if (process.env.CI === 'true' || process.env.CI === '1') test(`${name}: PostgreSQL required in CI`, () => assert.fail(message));
  else test(name, { skip: message }, () => undefined);
}

export class Database {
  private readonly admin = new pg.Pool({ connectionString: PG_BASE, max: 2 });
  private readonly schemas: string[] = [];

  constructor(private readonly prefix: string) {
    after(async () => {
      for (const s of this.schemas) await this.admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE; DROP SCHEMA IF EXISTS ${s}_queue CASCADE`);
      await this.admin.end();
    });
  }

  /** A fresh schema (and, by the queue's naming rule, its queue's) and a URL whose connections use it. */
  async fresh(): Promise<{ schema: string; url: string }> {
    const schema = `feedmill_${this.prefix.replace(/\W+/g, '_')}_${process.pid}_${this.schemas.length}`;
    this.schemas.push(schema);
    await this.admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_queue CASCADE; CREATE SCHEMA ${schema}`);
    const u = new URL(PG_BASE);
    u.searchParams.set('options', `-c search_path=${schema}`);
    return { schema, url: u.toString() };
  }

  query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<T>> {
    return this.admin.query<T>(sql, params);
  }
}

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
