// Where a feed's posts go: a folder of files (`run`), or only the store (queue workers; `feedmill sync`
// writes the files later on the site's machine).
import type { Store } from '../model.js';
import { nthStem } from './unique-name.js';

/** A file of a post: an absolute path and its text. */
export interface FileToWrite {
  path: string;
  text: string;
}

export interface PostSink {
  /** whether the post `file` still exists (a user who deleted a post does not get it back) */
  has(file: string): Promise<boolean>;
  /**
   * The first of the names `base`, `base-2` … from `start` on whose file (`fileFor(stem)`) looks free, or holds
   * exactly the text whose sha256 is `textHash` (adopt: nothing to write). `next` is where to go on when the store
   * says another item holds it.
   */
  freeName(base: string, fileFor: (stem: string) => string, textHash: string, start?: number): Promise<{ file: string; stem: string; adopt: boolean; next: number }>;
  /** the post's file in the first output, and its files in the run's other outputs (absolute paths) */
  write(file: string, text: string, others?: FileToWrite[]): Promise<void>;
  /** removes temporary files once nothing writes into the sink */
  cleanUp(): void;
}

/**
 * Posts kept in the store only: a name is free unless the store's claim answers that another item holds it
 * (then the next is tried), so choosing one costs no query; nothing is written here (the text goes to the
 * store with the feed's save, `FeedContext.keepTexts`).
 */
export class StoreSink implements PostSink {
  constructor(private readonly store: Store) {}

  async has(file: string): Promise<boolean> {
    return (await this.store.filesTaken([file])).has(file);
  }

  async freeName(base: string, fileFor: (stem: string) => string, _textHash: string, start = 1): Promise<{ file: string; stem: string; adopt: boolean; next: number }> {
    const stem = nthStem(base, start);
    return { file: fileFor(stem), stem, adopt: false, next: start + 1 };
  }

  async write(_file: string, _text: string): Promise<void> {}

  cleanUp(): void {}
}
