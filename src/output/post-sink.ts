// Where a feed's posts go: a folder of files (`run`), or only the store (queue workers; `feedmill sync`
// writes the files later on the site's machine).
import type { Store } from '../model.js';
import { nthStem } from './unique-name.js';

/** A file of a post: an absolute path and its text. */
export interface FileToWrite {
  path: string;
  text: string;
}

/** A name wanted for a new post: the first of `base`, `base-2` … from `start` on that is free. */
export interface NameWanted {
  base: string;
  /** the post's file for a stem (`base` or `base-n`) */
  fileFor: (stem: string) => string;
  /** sha256 of the post's first text: a file holding exactly that is the post already (adopt it) */
  textHash: string;
  start: number;
}

export interface FreeName {
  file: string;
  stem: string;
  /** the file holds exactly this post: nothing to write */
  adopt: boolean;
  /** where to go on when the store says another item holds the name */
  next: number;
}

export interface PostSink {
  /** whether the post `file` still exists (a user who deleted a post does not get it back) */
  has(file: string): Promise<boolean>;
  /** For each wanted name, the first whose file looks free or already holds the post (one call per claim round). */
  freeNames(wanted: NameWanted[]): Promise<FreeName[]>;
  /** the post's file in the first output, and its files in the run's other outputs (absolute paths); throws when one cannot be written */
  write(file: string, text: string, others?: FileToWrite[]): void;
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

  async freeNames(wanted: NameWanted[]): Promise<FreeName[]> {
    return wanted.map((w) => {
      const stem = nthStem(w.base, w.start);
      return { file: w.fileFor(stem), stem, adopt: false, next: w.start + 1 };
    });
  }

  write(_file: string, _text: string): void {}

  cleanUp(): void {}
}
