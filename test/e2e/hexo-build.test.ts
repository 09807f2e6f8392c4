// The demo's posts built by real Hexo 8 (hexo-renderer-marked + ejs, Nunjucks tags on, as on a real blog):
// every post must become a page holding its title and all of its text, and Hexo's own YAML parser must read
// every front matter to exactly the intended values. This guards every output rule at once.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHTML } from 'entities';
import { repoRoot, runCli } from '../helpers.js';
import { buildSite, hexoYamlLoad, makeSite as makeSiteDir, removeSite } from './hexo-site.js';
import { bodyOf, frontMatterOf, rss } from './support.js';

const sites: string[] = [];
const makeSite = (): string => {
  const dir = makeSiteDir();
  sites.push(dir);
  return dir;
};
after(() => sites.forEach(removeSite));

interface Expected {
  title: string;
  categories: string[];
  author: string;
  date: string;
  /** the head image, when the rules pin it down */
  headimg?: string | RegExp;
  /** strings the rendered page must show verbatim (decoded text) */
  shows?: string[];
}

const GUANCHA = ['新媒体', '观察者网', '头条'];
const KR = ['新媒体', '36氪', '快讯'];
const CNBETA = ['科技', 'cnBeta', '业界资讯'];
const TIDE = ['Tech', 'Tidepool', 'Releases'];
const GARDEN = ['Tech', 'The Byte Garden', 'Blog'];
const PLACEHOLDER = /^https:\/\/picsum\.photos\/400\/300\?random=[1-9]\d{3}$/;

// What the demo feeds (examples/demo/feeds) must turn into, per the rules of issue 2 and issue 5.
const EXPECTED: Expected[] = [
  { title: '美国北约书面回应：拒绝俄罗斯所划_红线_', categories: GUANCHA, author: '观察者网', date: '2022-01-27T10:09:07Z', headimg: 'https://i.guancha.cn/news/2022/01/27/20220127095954179.jpg' },
  { title: '商务部回应_芯片出口管制_: 将视情采取必要措施', categories: GUANCHA, author: '观察者网', date: '2022-01-27T11:02:41Z', headimg: 'https://i.guancha.cn/news/2022/01/27/20220127110512348.jpg' },
  { title: '春运首日全国发送旅客超千万人次 铁路_一日一图_应对客流', categories: GUANCHA, author: '观察者网', date: '2022-01-17T08:45:00Z' },
  { title: '_冬奥时间_倒计时一周 张家口赛区 完成全部测试赛', categories: GUANCHA, author: '观察者网', date: '2022-01-27T09:31:12Z', headimg: 'https://i.guancha.cn/news/social/2022/01/27/20220127101844771.jpg' },
  {
    title: '某新能源车企2月交付量同比增长41%，海外市场占比首次超过两成', categories: KR, author: '36氪', date: '2024-03-12T02:58:10Z',
    headimg: 'https://img.36krcdn.com/hsossms/20240312/v2_8f3c41a0d2e54b6e9b1c7a55e0f2d9c1@5091053_oswg182340oswg1080oswg720_img_jpg?x-oss-process=image/format,jpg/interlace,1',
  },
  {
    title: 'AI创业公司_深度求知_完成数亿元B轮融资', categories: KR, author: '36氪', date: '2024-03-12T02:41:33Z',
    headimg: 'https://img.36krcdn.com/hsossms/20240312/v2_1d0e77b9c43f4a7aa0d8e6b2f3c4a510@000000_oswg96520oswg1080oswg608_img_png?x-oss-process=image/format,jpg/interlace,1',
  },
  { title: '国家统计局：2月CPI同比上涨0.7%', categories: KR, author: '36氪', date: '2024-03-09T01:30:00Z', headimg: PLACEHOLDER },
  {
    title: '一家咖啡连锁品牌宣布年内新开1000家门店', categories: KR, author: '36氪', date: '2024-03-11T10:12:55Z',
    headimg: 'https://img.36krcdn.com/hsossms/20240311/v2_a6c2b8f0e4d14bd3b07c3f1e9a2d8e44@5888275_oswg77204oswg1053oswg495_img_jpg',
  },
  {
    title: 'Linux 6.9 正式发布: 新增 _Bcachefs_ 改进与更多硬件支持', categories: CNBETA, author: 'cnBeta', date: '2024-05-12T15:09:27Z',
    headimg: /^https:\/\/images\.weserv\.nl\/\?url=http(:|%3A)/,
    shows: ['{{ CONFIG_NAME }}', '{% raw %}KCFLAGS="-O2"{% endraw %}', 'cd linux-6.9\n\nmake olddefconfig'],
  },
  { title: '研究称每天步行7000步即可显著降低全因死亡风险', categories: CNBETA, author: 'cnBeta', date: '2024-05-12T13:40:03Z' },
  {
    title: '开发者发现某款国产路由器固件存在 {{ 模板注入 }} 漏洞 厂商已推送修复', categories: CNBETA, author: 'cnBeta', date: '2024-05-11T10:05:44Z',
    headimg: 'https://static.cnbetacdn.com/article/2024/0511/c7e31a0f5d2b486.png',
    shows: ['{{7*7}}', '{%print 1%}', "curl -d 'devname={{7*7}}'", '~~~ 以上为原文引用 ~~~'],
  },
  {
    title: 'v2.4.0: _Low tide_ — streaming exports & a faster scheduler', categories: TIDE, author: 'Tidepool', date: '2024-06-04T09:12:44Z',
    headimg: 'https://github.com/tidepool-dev/tidepool/raw/main/docs/img/export-memory.png',
    shows: ['{{ .Values.worker.replicas }}', 'count: 3\n\n  # was: worker.replicas'],
  },
  // the 30×30 avatar in media:thumbnail is no head image
  { title: 'v2.4.0-rc.1 (pre-release)', categories: TIDE, author: 'Tidepool', date: '2024-05-28T16:40:02Z', headimg: PLACEHOLDER, shows: ['{% for row in rows %}'] },
  { title: 'v2.3.1', categories: TIDE, author: 'Tidepool', date: '2024-05-02T08:05:19Z', headimg: PLACEHOLDER },
  {
    title: 'Why _it works on my machine_: reproducible builds, one lock file at a time', categories: GARDEN, author: 'The Byte Garden', date: '2024-04-18T06:30:00Z',
    headimg: 'https://bytegarden.dev/images/reproducible/diff-before-after.png',
    shows: ['{{ now }}', 'REQUIRED_GO := 1.22.3\n\ncheck-go:'],
  },
  { title: 'Notes on SQLite_s WAL mode', categories: GARDEN, author: 'The Byte Garden', date: '2024-03-02T17:45:00Z', headimg: PLACEHOLDER },
  {
    title: 'Short note: [draft] flags & feature toggles', categories: GARDEN, author: 'The Byte Garden', date: '2024-02-11T20:03:00Z',
    headimg: 'https://bytegarden.dev/images/notes/toggles.png',
  },
];

/** Text of an HTML fragment: tags dropped, entities decoded. */
const textOf = (html: string): string => decodeHTML(html.replace(/<[^>]*>/g, ''));
/** Letters and digits only: what must survive any rendering (marked may retouch punctuation). */
const lettersOf = (html: string): string => textOf(html).replace(/[^\p{L}\p{N}]/gu, '');

test('the demo builds in real Hexo 8: every post is a page with its title and text, front matter exact', { timeout: 120_000 }, async () => {
  const site = makeSite();
  cpSync(join(repoRoot, 'examples', 'demo', 'feeds'), join(site, 'feeds'), { recursive: true });
  cpSync(join(repoRoot, 'examples', 'demo', 'feedmill.yml'), join(site, 'feedmill.yml'));
  const r = await runCli(['run', '-c', join(site, 'feedmill.yml')]);
  assert.equal(r.code, 0, `feedmill run exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(r.stdout, /FAILED/, r.stdout);

  const postsDir = join(site, 'source', '_posts');
  const files = readdirSync(postsDir).filter((f) => f.endsWith('.md')).sort();
  assert.equal(files.length, EXPECTED.length, `posts: ${files.join(', ')}\n${r.stdout}`);

  // 1. js-yaml, as Hexo loads it, reads every front matter to exactly the intended values.
  const byTitle = new Map<string, { file: string; body: string }>();
  for (const file of files) {
    const text = readFileSync(join(postsDir, file), 'utf8');
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/, `${file}: no control characters`);
    const fm = hexoYamlLoad(frontMatterOf(text)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(fm), ['title', 'categories', 'headimg', 'author', 'comments', 'date', 'thumbnail'], `${file}: keys in the seed's order`);
    const want = EXPECTED.find((e) => e.title === fm.title);
    assert.ok(want, `${file}: unexpected title ${JSON.stringify(fm.title)}`);
    assert.ok(!byTitle.has(want.title), `${file}: title seen twice`);
    byTitle.set(want.title, { file, body: bodyOf(text) });
    assert.deepEqual(fm.categories, want.categories, `${file}: categories`);
    assert.equal(fm.author, want.author, `${file}: author`);
    assert.equal(fm.comments, false, `${file}: comments`);
    assert.equal(typeof fm.date, 'string', `${file}: date stays an RFC 1123 string`);
    assert.equal(new Date(fm.date as string).toISOString(), new Date(want.date).toISOString(), `${file}: date`);
    assert.equal(typeof fm.headimg, 'string', `${file}: headimg`);
    assert.equal(fm.thumbnail, fm.headimg, `${file}: thumbnail = headimg`);
    assert.match(fm.headimg as string, /^https:\/\//, `${file}: headimg is https (no mixed content)`);
    if (typeof want.headimg === 'string') assert.equal(fm.headimg, want.headimg, `${file}: headimg`);
    else if (want.headimg) assert.match(fm.headimg as string, want.headimg, `${file}: headimg`);
  }

  // 2. Hexo builds the site without errors (a stray {% would throw here) and sees every post as we meant it.
  const built = await buildSite(site);
  assert.equal(built.length, files.length, 'Hexo loaded every post');
  for (const post of built) {
    const want = EXPECTED.find((e) => e.title === post.title);
    assert.ok(want, `Hexo read an unexpected title ${JSON.stringify(post.title)} from ${post.source}`);
    assert.equal(post.date.toISOString(), new Date(want.date).toISOString(), `${post.source}: the date Hexo uses`);
    assert.deepEqual(post.categories, want.categories, `${post.source}: Hexo's categories`);

    // 3. the page holds the title and every letter of the body, and the nasty strings verbatim
    const html = readFileSync(join(site, 'public', post.page), 'utf8');
    const h1 = /<h1 class="post-title">([\s\S]*?)<\/h1>/.exec(html)?.[1];
    assert.equal(decodeHTML(h1 ?? ''), want.title, `${post.page}: title on the page`);
    const pageBody = /<div class="post-body">([\s\S]*)<\/div>\s*<\/article>/.exec(html)?.[1] ?? '';
    const source = byTitle.get(want.title)!.body;
    const letters = lettersOf(source);
    assert.ok(letters.length > 0, `${post.source}: has body text`);
    assert.ok(lettersOf(pageBody).includes(letters), `${post.page}: every letter of the post body is on the page`);
    for (const s of want.shows ?? []) {
      assert.ok(textOf(pageBody).includes(s), `${post.page}: shows ${JSON.stringify(s)}`);
    }
    assert.doesNotMatch(pageBody, /<img\b(?![^>]*referrerpolicy="no-referrer")[^>]*>/, `${post.page}: every image is no-referrer`);
  }
});

test('YAML-hostile titles, categories and authors reach Hexo unchanged', { timeout: 120_000 }, async () => {
  const titles: Array<[string, string]> = [
    // [as in the feed, as Hexo must show it]
    ['[置顶] 新闻早班车', '[置顶] 新闻早班车'],
    ['# not a comment', '# not a comment'],
    ['* not a list', '* not a list'],
    ['!important notice', '!important notice'],
    ['%YAML directive', '%YAML directive'],
    ['@mention at start', '@mention at start'],
    ['`code` at start', '`code` at start'],
    ['> quoted start', '> quoted start'],
    ['| pipe start', '| pipe start'],
    ['yes', 'yes'],
    ['12345', '12345'],
    ['2024-01-01', '2024-01-01'],
    ['null', 'null'],
    ['~', '~'],
    ['key: value and a # hash', 'key: value and a # hash'],
    ["It's a \"quote\" test", 'It_s a _quote_ test'],
    ['emoji 🎉 and 中文', 'emoji 🎉 and 中文'],
    ['{{ page.title }} and {% raw %}', '{{ page.title }} and {% raw %}'],
    ['tabs\tand\nnewlines', 'tabs and newlines'],
    ['&lt;b&gt;bold&lt;/b&gt; &amp; entities', 'bold & entities'],
  ];
  const items = titles.map(([t], i) => ({
    title: t,
    guid: `urn:yaml:${i}`,
    link: `https://yaml.example.com/${i}`,
    html: `<p>Body number ${i} of the YAML torture feed.</p>`,
    date: new Date(Date.UTC(2024, 5, 1, 0, i)).toUTCString(),
  }));
  const categories = ['yes', '123', 'C++ / Rust', '#热门', 'null', '- dash', 'a: b', "it's", '[x]'];
  const author = '@观察者: 网';
  const site = makeSite();
  writeFileSync(join(site, 'yaml.xml'), rss('YAML torture', 'https://yaml.example.com/', items));
  writeFileSync(
    join(site, 'feedmill.yml'),
    JSON.stringify({ output: { dir: 'source/_posts' }, state: '.feedmill/state.db', feeds: [{ url: 'yaml.xml', categories, author }] }),
  );
  const r = await runCli(['run', '-c', join(site, 'feedmill.yml')]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  const postsDir = join(site, 'source', '_posts');
  const files = readdirSync(postsDir);
  assert.equal(files.length, titles.length);
  for (const file of files) {
    const text = readFileSync(join(postsDir, file), 'utf8');
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/, `${file}: no control characters`);
    const fm = hexoYamlLoad(frontMatterOf(text)) as Record<string, unknown>;
    assert.ok(titles.some(([, want]) => want === fm.title), `${file}: title ${JSON.stringify(fm.title)} is one of the intended ones`);
    assert.deepEqual(fm.categories, categories, `${file}: categories`);
    assert.equal(fm.author, author, `${file}: author`);
  }
  const built = await buildSite(site);
  assert.deepEqual(built.map((p) => p.title).sort(), titles.map(([, want]) => want).sort(), 'Hexo shows every title as intended');
  for (const post of built) {
    assert.deepEqual(post.categories, categories, `${post.source}: Hexo's categories`);
    assert.equal(post.author, author, `${post.source}: author`);
    const html = readFileSync(join(site, 'public', post.page), 'utf8');
    assert.equal(decodeHTML(/<h1 class="post-title">([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? ''), post.title);
    assert.match(html, /Body number \d+ of the YAML torture feed\./);
  }
});
