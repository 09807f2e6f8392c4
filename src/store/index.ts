// The state store: `openStore(location)` picks the implementation from the location, so nothing outside
// this folder knows which database it talks to.
import { existsSync } from 'node:fs';
import type { Store } from '../model.js';

export { StoreError } from './errors.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** Whether `location` names a PostgreSQL database rather than an SQLite file. */
export const isDatabaseUrl = (location: string): boolean => POSTGRES_URL.test(location);

/** Whether there may be state to read at `location` without creating any (a database, or an existing file). */
export const stateExists = (location: string): boolean => isDatabaseUrl(location) || existsSync(location);

/**
 * Opens the store at `location`: a `postgres://` / `postgresql://` URL → PostgreSQL; anything else is the path
 * of an SQLite state file (or ':memory:'). Creates and migrates the schema; throws StoreError with a one-line
 * message when the database cannot be used.
 */
export async function openStore(location: string): Promise<Store> {
  if (isDatabaseUrl(location)) {
    // loaded only when asked for: an SQLite user never loads pg
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(location);
  }
  const { openSqliteStore } = await import('./sqlite.js');
  return openSqliteStore(location);
}
