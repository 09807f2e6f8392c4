// The folder posts are written to, as a run sees it: which names are on disk (read once, on first need),
// which name a new post can take, and atomic writes.
import { readdir, readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import { hash } from 'node:crypto';
import { removeTempDir, writeFileAtomicSync } from './write.js';
import { nthStem } from './unique-name.js';
import type { FileToWrite, FreeName, NameWanted, PostSink } from './post-sink.js';

export class PostDir implements PostSink {
  private listing: Promise<Set<string>> | null = null;
  /** the listing once read */
  private known: Set<string> | null = null;
  // file names have no folders: plain concatenation (path.join normalizes character by character, per post)
  private readonly prefix: string;

  constructor(readonly path: string) {
    this.prefix = path.endsWith(sep) ? path : path + sep;
  }

  private names(): Promise<Set<string>> {
    this.listing ??= readdir(this.path).then(
      (names) => (this.known = new Set(names)),
      () => (this.known = new Set<string>()),
    );
    return this.listing;
  }

  async has(file: string): Promise<boolean> {
    return (await this.names()).has(file);
  }

  /**
   * For each wanted name, the first whose file is not on disk, or holds exactly the post (a post left by a run
   * that lost its state: adopted rather than written twice). One batch per claim round: a promise per post
   * showed up in the main thread's allocations and collections.
   */
  async freeNames(wanted: NameWanted[]): Promise<FreeName[]> {
    const names = await this.names();
    const out: FreeName[] = [];
    for (const w of wanted) {
      for (let i = w.start; ; i++) {
        const stem = nthStem(w.base, i);
        const file = w.fileFor(stem);
        const free = !names.has(file);
        if (free || (await this.holds(file, w.textHash))) {
          out.push({ file, stem, adopt: !free, next: i + 1 });
          break;
        }
      }
    }
    return out;
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
   * Writes a post's file here, and its files in the run's other outputs (absolute paths). Synchronously: each
   * async step would cost a round trip through libuv's pool (2–3× the CPU per file). A run writes on its main
   * thread, which balances its two threads (bench/README.md, "The two threads' shares").
   */
  write(file: string, text: string, others: FileToWrite[] = []): void {
    writeFileAtomicSync(this.prefix + file, text);
    for (const f of others) writeFileAtomicSync(f.path, f.text);
    // (a listing not asked for yet is read from the disk, with this file)
    if (this.known) this.known.add(file);
    else void this.listing?.then((names) => names.add(file));
  }

  /** removes the folder of temporary files once nothing writes into it */
  cleanUp(): void {
    removeTempDir(this.path);
  }
}
