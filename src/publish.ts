// The posts a fetched document brings: what the plan against the store says to do with each item, rendered,
// new items claimed, files written; what the feed then saves.
import type { Config, ItemRecord, Source } from './model.js';
import type { FeedContext } from './refresh.js';
import { decide, updatedRecord, type Decision } from './items/plan.js';
import { claimNewItems, type NewItem } from './items/claim.js';
import { firstFile, otherOutputFiles, stemOf } from './output/post-files.js';
import type { RenderedPost, RenderSettings } from './output/render.js';
import type { PostSink } from './output/post-sink.js';
import { imageSettingsFor } from './images/settings.js';
import { imageFetching } from './images/fetching.js';
import { ArticleRun, articleFetching, feedArticles, fetchesArticles, type FeedArticles } from './fulltext/fetching.js';
import { InProcessDocuments, type DocumentStage, type OpenDocument } from './stage/documents.js';

const inThisThread = new InProcessDocuments();

/** What rendering needs of the config (a worker gets this, not the list of every feed). */
function renderSettings(config: Config): RenderSettings {
  return { images: config.images, content: config.content, outputs: config.outputs, output: { filename: config.output.filename } };
}

/**
 * Where the feed's document is parsed and rendered: the run's document worker when it has one, except for feeds
 * whose rendering fetches pictures or articles (through this thread's HTTP layer and store).
 */
export function stageFor(source: Source, ctx: FeedContext): DocumentStage {
  return ctx.documents && !downloadsImages(source, ctx.config) && !fetchesArticles(source) ? ctx.documents : inThisThread;
}

const downloadsImages = (source: Source, config: Config): boolean => imageSettingsFor(config.images, source.images).mode === 'download';

/** The document's items (the newest `limit`, distinct), each planned against the store, rendered and written. */
export async function publish(doc: OpenDocument, stage: DocumentStage, source: Source, ctx: FeedContext, now: number): Promise<Published> {
  try {
    return await publishItems(doc, stage, source, ctx, now);
  } finally {
    stage.drop(doc);
  }
}

async function publishItems(doc: OpenDocument, stage: DocumentStage, source: Source, ctx: FeedContext, now: number): Promise<Published> {
  const { config, posts } = ctx;
  const plan: Decision[] = decide(doc.items, await ctx.store.findItems(doc.items), source.key);
  // feeds that fetch while rendering are always rendered in this thread (stageFor)
  const fetching = downloadsImages(source, config) ? imageFetching(ctx.fetcher.http, ctx.store, ctx.signal) : undefined;
  const articleRun = ctx.articles ?? new ArticleRun(config.fulltext);
  const articles = fetchesArticles(source) ? articleFetching(ctx.fetcher.http, ctx.store, articleRun, ctx.signal) : undefined;
  const toRender = plan.map((d) => {
    if (d.kind === 'owned-elsewhere') return null;
    return d.kind === 'new' ? { at: d.at, identity: d.ids.identity, firstSeen: now } : { at: d.at, identity: d.record.identity, firstSeen: d.record.firstSeen };
  });
  // every post of the feed at once: their pictures are fetched together, under the HTTP layer's per-host limits
  const renders =
    stage === inThisThread ? await inThisThread.render(doc, toRender, source, config, fetching, articles) : await stage.render(doc, toRender, source, renderSettings(config));
  const jobs: Job[] = [];
  const fresh: NewItem[] = [];
  let unchangedPosts = 0;
  for (const [i, d] of plan.entries()) {
    const rendered = renders[i];
    if (d.kind === 'owned-elsewhere' || !rendered) continue;
    if (d.kind === 'new') {
      fresh.push({ ids: d.ids, firstSeen: now, rendered });
      continue;
    }
    const record = updatedRecord(d.record, d.ids, rendered.contentHash, rendered.meta);
    const stem = stemOf(d.record.file);
    if (d.kind === 'resume') {
      jobs.push({ record, rendered, stem, kind: 'new', adopt: false, asClaimed: false });
    } else if (rendered.contentHash === d.record.contentHash) {
      unchangedPosts++;
    } else if (await posts.has(d.record.file)) {
      jobs.push({ record, rendered, stem, kind: 'updated', adopt: false, asClaimed: false });
    } else {
      // the user deleted the post: never recreate it
      unchangedPosts++;
    }
  }
  for (const c of await claimNewItems(ctx.store, source.key, fresh, posts, (item, stem) => firstFile(item.rendered, stem, config.outputs))) {
    jobs.push({ record: c.record, rendered: c.rendered, stem: c.stem, kind: 'new', adopt: c.adopt, asClaimed: true });
  }
  const out: Published = {
    counts: { newPosts: 0, updatedPosts: 0, unchangedPosts },
    saved: [],
    confirmed: [],
    released: [],
    errors: [],
    texts: ctx.keepTexts ? {} : undefined,
    images: imageOutcome(renders),
    articles: articles ? feedArticles(renders.map((r) => r?.article), articleRun) : undefined,
  };
  for (const job of jobs) write(job, out, posts, ctx);
  return out;
}

interface Job {
  record: ItemRecord;
  rendered: RenderedPost;
  /** the unique name its files are made from */
  stem: string;
  kind: 'new' | 'updated';
  /** the file already holds exactly this post */
  adopt: boolean;
  /** the store holds this very record as a claim of ours: saving it only confirms the claim */
  asClaimed: boolean;
}

export interface Published {
  counts: { newPosts: number; updatedPosts: number; unchangedPosts: number };
  /** records to save: posts written (or adopted) */
  saved: ItemRecord[];
  /** claims to confirm: new posts written (or adopted) exactly as claimed */
  confirmed: string[];
  /** claims to give back: new posts that could not be written */
  released: string[];
  /** one line per post that could not be written */
  errors: string[];
  texts: Record<string, string> | undefined;
  /** images.mode download: how the feed's pictures fared; undefined in other modes */
  images: ImageOutcome | undefined;
  /** fulltext: how the feed's articles fared; undefined for feeds that fetch none */
  articles: FeedArticles | undefined;
}

interface ImageOutcome {
  /** every picture of the feed's posts that is not the site's own (for `status`) */
  failures: string[];
  /** those tried in this run (for the run's summary) */
  failedNow: string[];
  /** some picture will be tried again: the next run must render the feed again */
  retryLater: boolean;
}

function write(job: Job, out: Published, posts: PostSink, ctx: FeedContext): void {
  try {
    if (!job.adopt) {
      // every output's file goes through the run's folder of posts (which keeps its listing, or only records them in a dry run)
      posts.write(job.record.file, job.rendered.texts[0]!, otherOutputFiles(job.rendered, job.stem, ctx.config.outputs));
    }
  } catch (err) {
    out.errors.push(`${job.record.file}: ${(err as Error).message}`);
    // a new item's claim is given back; an updated one keeps its old hash and is rewritten next time
    if (job.kind === 'new') out.released.push(job.record.identity);
    return;
  }
  if (job.asClaimed) out.confirmed.push(job.record.identity);
  else out.saved.push(job.record);
  if (out.texts) out.texts[job.record.identity] = job.rendered.texts[0]!;
  if (job.kind === 'new') out.counts.newPosts++;
  else out.counts.updatedPosts++;
}

function imageOutcome(renders: Array<RenderedPost | null>): ImageOutcome | undefined {
  const owned = renders.filter((r) => r?.images !== undefined).map((r) => r!.images!);
  if (owned.length === 0) return undefined;
  const unique = (lines: string[]): string[] => [...new Set(lines)];
  return {
    failures: unique(owned.flatMap((o) => o.failures)),
    failedNow: unique(owned.flatMap((o) => o.failedNow)),
    retryLater: owned.some((o) => o.retryLater),
  };
}
