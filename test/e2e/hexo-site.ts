// A throwaway copy of test/fixtures/hexo-site, built with the real Hexo 8 API (no hexo-cli, no network).
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fixture, repoRoot, tempDir } from '../helpers.js';

const requireFromRepo = createRequire(join(repoRoot, 'package.json'));

/** Copies the site skeleton to a temp dir and links node_modules so Hexo finds its renderers. Returns the site dir. */
export function makeSite(): string {
  const dir = join(tempDir('feedmill-hexo-'), 'site');
  cpSync(fixture('hexo-site'), dir, { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'source', '_posts'), { recursive: true });
  return dir;
}

/** Removes a site made by makeSite (the node_modules link only, never its target). */
export function removeSite(dir: string): void {
  rmSync(dirname(dir), { recursive: true, force: true });
}

export interface BuiltPost {
  /** source path relative to source/, e.g. _posts/2022-01-27-ab12cd34.md */
  source: string;
  /** the page's path relative to public/, e.g. posts/2022-01-27-ab12cd34/index.html */
  page: string;
  title: string;
  date: Date;
  categories: string[];
  author: unknown;
  headimg: unknown;
  thumbnail: unknown;
  comments: unknown;
}

interface HexoPostDoc {
  source: string;
  path: string;
  title: string;
  date: { toDate(): Date };
  categories: { toArray(): Array<{ name: string }> };
  author?: unknown;
  headimg?: unknown;
  thumbnail?: unknown;
  comments?: unknown;
}

interface HexoInstance {
  init(): Promise<void>;
  call(name: string, args?: object): Promise<unknown>;
  exit(err?: unknown): Promise<void>;
  locals: { get(name: 'posts'): { toArray(): HexoPostDoc[] } };
  on(event: string, fn: (...args: unknown[]) => void): void;
}

/** Runs `hexo generate` on the site; returns the posts Hexo saw. Hexo errors (e.g. a broken Nunjucks tag) reject. */
export async function buildSite(dir: string): Promise<BuiltPost[]> {
  const Hexo = requireFromRepo('hexo') as new (base: string, args: object) => HexoInstance;
  const hexo = new Hexo(dir, { silent: true });
  await hexo.init();
  try {
    await hexo.call('generate', {});
    return hexo.locals
      .get('posts')
      .toArray()
      .map((p) => ({
        source: p.source,
        page: p.path.endsWith('/') ? `${p.path}index.html` : p.path,
        title: p.title,
        date: p.date.toDate(),
        categories: p.categories.toArray().map((c) => c.name),
        author: p.author,
        headimg: p.headimg,
        thumbnail: p.thumbnail,
        comments: p.comments,
      }));
  } finally {
    await hexo.exit();
  }
}

const requireFromFrontMatter = createRequire(requireFromRepo.resolve('hexo-front-matter'));

/** js-yaml exactly as Hexo's front-matter parser loads it. */
export function hexoYamlLoad(text: string): unknown {
  const yaml = requireFromFrontMatter('js-yaml') as { load(s: string): unknown };
  return yaml.load(text);
}
