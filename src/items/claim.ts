// Claiming new items in the store before their posts are written: the store decides, atomically, which
// caller owns an item (feeds of one run, workers of a cluster), and which file name is free.
import type { ItemRecord, Store } from '../model.js';
import type { PostSink } from '../output/post-sink.js';
import type { RenderedPost } from '../output/render.js';
import type { ItemIdentity } from './identity.js';

export interface NewItem {
  ids: ItemIdentity;
  firstSeen: number;
  rendered: RenderedPost;
}

export interface Claimed extends NewItem {
  record: ItemRecord;
  /** the unique name its files are made from */
  stem: string;
  /** the file already holds exactly this post: nothing to write */
  adopt: boolean;
}

// a name taken again and again means something else is wrong; the item waits for the next run
const MAX_ROUNDS = 20;

/** Claims what it can; items another caller owns already are left out. */
export async function claimNewItems(
  store: Store,
  feedKey: string,
  items: NewItem[],
  dir: PostSink,
  fileFor: (item: NewItem, stem: string) => string,
): Promise<Claimed[]> {
  const claimed: Claimed[] = [];
  let round = items.map((item) => ({ item, start: 1 }));
  for (let n = 0; n < MAX_ROUNDS && round.length > 0; n++) {
    const names = await dir.freeNames(
      round.map(({ item, start }) => ({ base: item.rendered.base, fileFor: (stem: string) => fileFor(item, stem), textHash: item.rendered.firstTextHash, start })),
    );
    const records = round.map(({ item }, k): ItemRecord => ({
      identity: item.ids.identity,
      guid: item.ids.guid,
      link: item.ids.link,
      feedKey,
      // the hash it will have once written: saving it then only clears `pending`
      contentHash: item.rendered.contentHash,
      file: names[k]!.file,
      firstSeen: item.firstSeen,
      pending: true,
      meta: item.rendered.meta,
    }));
    const results = await store.claimItems(records);
    const again: typeof round = [];
    results.forEach((result, k) => {
      const { item } = round[k]!;
      const name = names[k]!;
      if (result.kind === 'claimed') claimed.push({ ...item, record: records[k]!, stem: name.stem, adopt: name.adopt });
      else if (result.kind === 'file-taken') again.push({ item, start: name.next });
    });
    round = again;
  }
  return claimed;
}
