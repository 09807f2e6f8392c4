// One run at a time per state file: overlapping cron runs would otherwise race on the same items.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { processIsRunning as alive } from '../process-alive.js';
import { isDatabaseUrl } from './index.js';

export class RunLockedError extends Error {
  constructor(readonly pid: number, lockPath: string) {
    super(`another feedmill run (pid ${pid}) is using this state file; lock: ${lockPath}`);
    this.name = 'RunLockedError';
  }
}

/**
 * Takes `<state>.lock` (O_EXCL), taking over a lock whose process is gone. Returns the release function.
 * SQLite files only: a PostgreSQL store is shared by many workers on purpose, and its claims keep them apart.
 */
export function acquireRunLock(statePath: string): () => void {
  if (statePath === ':memory:' || isDatabaseUrl(statePath)) return () => undefined;
  const lockPath = `${statePath}.lock`;
  try {
    mkdirSync(dirname(lockPath), { recursive: true });
  } catch (err) {
    throw new Error(`cannot create the folder of the state file ${statePath}: ${(err as Error).message}`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new Error(`cannot lock the state file ${statePath}: ${(err as Error).message}`);
      }
      const pid = Number.parseInt(readFileSafe(lockPath), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new RunLockedError(pid, lockPath);
      // Stale: its process died without releasing it.
      try {
        unlinkSync(lockPath);
      } catch {
        /* someone else took it over first; the next attempt finds out */
      }
    }
  }
  throw new RunLockedError(Number.parseInt(readFileSafe(lockPath), 10) || 0, lockPath);
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
