// The folder posts are written to, as a run sees it: which names are on disk (read once, on first need),
// which name a new post can take, and atomic writes.
import { readdir, readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import { hash } from 'node:crypto';
import { removeTempDir, writeFileAtomicSync } from './write.js';
import { nthStem } from './unique-name.js';
import type { FileToWrite, PostSink } from './post-sink.js';

export class PostDir implements PostSink {
  private listing: Promise<Set<string>> | null = null;
  // file names have no folders: plain concatenation (path.join normalizes character by character, per post)
  private readonly prefix: string;

  constructor(readonly path: string) {
    this.prefix = path.endsWith(sep) ? path : path + sep;
  }

  private names(): Promise<Set<string>> {
    this.listing ??= readdir(this.path).then(
      (names) => new Set(names),
      () => new Set<string>(),
    );
    return this.listing;
  }

  async has(file: string): Promise<boolean> {
    return (await this.names()).has(file);
  }

  /**
   * The first of the names `base`, `base-2` … from `start` on whose file (`fileFor(stem)`) no file holds, or
   * holds exactly the text whose sha256 is `textHash` (a post left by a run that lost its state: adopted rather
   * than written twice). `next` is where to go on when the store says another item holds the name.
   */
  async freeName(base: string, fileFor: (stem: string) => string, textHash: string, start = 1): Promise<{ file: string; stem: string; adopt: boolean; next: number }> {
    const names = await this.names();
    for (let i = start; ; i++) {
      const stem = nthStem(base, i);
      const file = fileFor(stem);
      if (!names.has(file)) return { file, stem, adopt: false, next: i + 1 };
      if (await this.holds(file, textHash)) return { file, stem, adopt: true, next: i + 1 };
    }
  }

  private async holds(file: string, textHash: string): Promise<boolean> {
    try {
      const bytes = await readFile(this.prefix + file);
      return hash('sha256', bytes, 'hex') === textHash;
    } catch {
      return false;
    }
  }

  /**
   * Writes a post's file here, and its files in the run's other outputs (absolute paths). Synchronously: a
   * run's main thread has time to spare while its document worker is the busier thread, and each async step
   * would cost a round trip through libuv's pool (2–3× the CPU per file; bench/README.md).
   */
  async write(file: string, text: string, others: FileToWrite[] = []): Promise<void> {
    writeFileAtomicSync(this.prefix + file, text);
    for (const f of others) writeFileAtomicSync(f.path, f.text);
    (await this.names()).add(file);
  }

  /** removes the folder of temporary files once nothing writes into it */
  cleanUp(): void {
    removeTempDir(this.path);
  }
}
