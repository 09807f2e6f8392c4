// A temp blog folder whose feedmill.yml points at a local RSSHub-like server (test/cli/rsshub-server.ts):
// two rsshub routes and one plain URL feed with a title, so commands can name feeds every way.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from '../helpers.js';

export function configText(server: string, extra = ''): string {
  return `# my blog's feeds
output:
  dir: source/_posts
state: .feedmill/state.db
fetch:
  retries: 0
  timeout: 5s
rsshub:
  instance: ${server}
${extra}feeds:
  # 观察者网 headlines
  - rsshub: /guancha/headline
    categories: [新媒体, 观察者网, 头条]

  # 36kr: a plain URL with a title
  - url: ${server}/36kr/newsflashes
    title: 36氪快讯
    categories: [新媒体, 36氪, 快讯]   # keep this comment

  # 掘金 frontend
  - rsshub: /juejin/category/frontend
    categories: [编程, 掘金, 分类]
`;
}

export function makeBlog(server: string, extra = ''): string {
  const dir = tempDir('feedmill-blog-');
  writeFileSync(join(dir, 'feedmill.yml'), configText(server, extra));
  return dir;
}

export function postFiles(dir: string): string[] {
  const posts = join(dir, 'source', '_posts');
  return existsSync(posts) ? readdirSync(posts).filter((f) => f.endsWith('.md')).sort() : [];
}
