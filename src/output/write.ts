// Atomic file writes: a temporary file in the target directory, then rename, so a crash never leaves
// half a post. The temp name starts with a dot so Hexo ignores it while it exists.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Folders already made in this process: one mkdir per folder, not one per post.
const madeDirs = new Set<string>();
let tmpCounter = 0;

/**
 * No fsync per file: rename already makes each post all-or-nothing against a crash of the process, and
 * 30,000 fsyncs made a large first run several times slower. Pass durable for power-loss safety.
 */
export async function writeFileAtomic(path: string, content: string, opts: { durable?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  if (!madeDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    madeDirs.add(dir);
  }
  // pid + a counter is unique per process; random bytes per post showed up in profiles.
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${++tmpCounter}.tmp`);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(content, 'utf8');
      if (opts.durable) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    // The folder vanished since we made it (the user removed it): make it again, once.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && madeDirs.delete(dir)) return writeFileAtomic(path, content, opts);
    throw err;
  }
}
