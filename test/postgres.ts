// What the tests that need PostgreSQL share: the server (127.0.0.1:5432, database `test`; FEEDMILL_TEST_DATABASE_URL
// overrides), the rule for its absence (the test fails under CI, is skipped with the reason elsewhere), and fresh
// schemas dropped after the file's tests.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';

export const PG_BASE = process.env.FEEDMILL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let probe: Promise<string | null> | undefined;

/** null when PostgreSQL answers, else why not (asked once per test file). */
export function postgresUnreachable(): Promise<string | null> {
  probe ??= (async () => {
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
  })();
  return probe;
}

const inCI = (): boolean => process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0';
const absence = (why: string): string => `PostgreSQL not reachable at ${PG_BASE} (${why}): start it (see .ci/run), or set FEEDMILL_TEST_DATABASE_URL`;

/** Registers `body` when PostgreSQL answers; otherwise one test that fails under CI and is skipped elsewhere. */
export async function withPostgres(name: string, body: (db: Database) => void): Promise<void> {
  const why = await postgresUnreachable();
  if (why === null) return body(new Database(name));
  const message = absence(why);
  if (inCI()) test(`${name}: PostgreSQL required in CI`, () => assert.fail(message));
  else test(name, { skip: message }, () => undefined);
}

/** Inside one test: true when PostgreSQL answers; otherwise fails under CI, or skips the test and returns false. */
export async function needPostgres(t: TestContext): Promise<boolean> {
  const why = await postgresUnreachable();
  if (why === null) return true;
  if (inCI()) assert.fail(absence(why));
  t.skip(absence(why));
  return false;
}

export class Database {
  private admin: pg.Pool | null = null;
  private readonly schemas: string[] = [];

  constructor(private readonly prefix: string) {
    after(async () => {
      if (!this.admin) return;
      for (const s of this.schemas) await this.admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE; DROP SCHEMA IF EXISTS ${s}_queue CASCADE`);
      await this.admin.end();
    });
  }

  private pool(): pg.Pool {
    this.admin ??= new pg.Pool({ connectionString: PG_BASE, max: 2 });
    return this.admin;
  }

  /**
   * A fresh schema (and, by the queue's naming rule, its queue's) and a URL whose connections use it, named after
   * the schema so that a test can find (and terminate) only its own connections.
   */
  async fresh(): Promise<{ schema: string; url: string }> {
    const schema = `feedmill_${this.prefix.replace(/\W+/g, '_')}_${process.pid}_${this.schemas.length}`;
    this.schemas.push(schema);
    await this.pool().query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_queue CASCADE; CREATE SCHEMA ${schema}`);
    const u = new URL(PG_BASE);
    u.searchParams.set('options', `-c search_path=${schema}`);
    u.searchParams.set('application_name', schema);
    return { schema, url: u.toString() };
  }

  query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<T>> {
    return this.pool().query<T>(sql, params);
  }
}
