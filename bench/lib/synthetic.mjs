// Deterministic synthetic feeds for the benchmarks: same seed, same bytes, every run.
// Three shapes from the issue (Chinese RSSHub-style RSS with CDATA HTML, English RSS with
// entity-escaped HTML, Atom with html content) plus small per-feed documents for the e2e server.

export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZH = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质保计划新闻记者报道表示观察国际经济社会发展合作安全政策市场企业科技创新网络平台城市地区北京上海美国俄罗斯乌克兰欧洲北约外交谈判回应协议';
const EN = 'the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(' ');
const EN_TAGS = ['Technology', 'Science', 'Open Source', 'Politics', 'Business', 'Climate', 'Health', 'Culture', 'Security', 'Space'];
const ZH_TAGS = ['国际', '中国', '财经', '科技', '军事', '评论', '头条', '观察'];

function zhSentence(r, min, max) {
  const n = min + Math.floor(r() * (max - min));
  let s = '';
  for (let i = 0; i < n; i++) s += ZH[Math.floor(r() * ZH.length)];
  return s + (r() < 0.2 ? '：“' + zhWord(r) + '”' : '') + '。';
}
function zhWord(r) {
  let s = '';
  const n = 2 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) s += ZH[Math.floor(r() * ZH.length)];
  return s;
}
function enSentence(r, min, max) {
  const n = min + Math.floor(r() * (max - min));
  const w = [];
  for (let i = 0; i < n; i++) w.push(EN[Math.floor(r() * EN.length)]);
  const s = w.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}
function pick(r, arr) {
  return arr[Math.floor(r() * arr.length)];
}
function escapeXml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function rfc822(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${DAY[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}
const BASE_TIME = Date.UTC(2022, 0, 27, 10, 9, 7);

/** HTML body of about `bytes` UTF-8 bytes. */
function zhHtml(r, bytes, i) {
  let html = `<img src="https://i.guancha.cn/news/2022/01/${String(1 + (i % 28)).padStart(2, '0')}/2022012709${String(i % 10000).padStart(4, '0')}.jpg" width="970px" height="374px" referrerpolicy="no-referrer">\n`;
  while (Buffer.byteLength(html) < bytes) {
    html += `<p>\n${zhSentence(r, 20, 60)}${zhSentence(r, 10, 40)}\n</p>\n`;
    if (r() < 0.15) html += `<p align="center">\n<img src="https://i.guancha.cn/news/2022/01/27/${Math.floor(r() * 1e9)}.jpg" referrerpolicy="no-referrer">\n</p>\n`;
    if (r() < 0.1) html += `<p><a href="https://www.guancha.cn/internation/2022_01_27_${Math.floor(r() * 1e6)}.shtml" target="_blank">${zhWord(r)}</a></p>\n`;
  }
  return html;
}
function enHtml(r, bytes, i) {
  let html = `<figure><img src="https://cdn.example.org/img/${i}.jpg" alt="${enSentence(r, 3, 6)}" width="800" height="450"></figure>\n`;
  while (Buffer.byteLength(html) < bytes) {
    html += `<p>${enSentence(r, 12, 30)} <a href="https://example.org/story/${Math.floor(r() * 1e6)}?utm_source=rss&amp;utm_medium=feed">${enSentence(r, 2, 5)}</a> ${enSentence(r, 8, 20)} <em>${pick(r, EN)}</em> &amp; <strong>${pick(r, EN)}</strong>.</p>\n`;
    if (r() < 0.1) html += `<blockquote>${enSentence(r, 10, 20)}</blockquote>\n`;
    if (r() < 0.05) html += `<pre><code>const x = a &lt; b &amp;&amp; c &gt; d;\nreturn x;</code></pre>\n`;
  }
  return html;
}

/** Chinese RSSHub-style RSS 2.0 with CDATA HTML bodies (like the seed feed). */
export function chineseRss({ items = 2000, itemBytes = 2000, seed = 1 } = {}) {
  const r = rng(seed);
  const per = itemBytes;
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">\n  <channel>\n    <title><![CDATA[观察者网 - 头条]]></title>\n    <link>https://www.guancha.cn</link>\n    <atom:link href="https://rsshub.app/guancha/headline" rel="self" type="application/rss+xml" />\n    <description><![CDATA[观察者网 - 头条 - Made with love by RSSHub(https://github.com/DIYgod/RSSHub)]]></description>\n    <generator>RSSHub</generator>\n    <language>zh-cn</language>\n    <lastBuildDate>${rfc822(BASE_TIME)}</lastBuildDate>\n    <ttl>5</ttl>\n`;
  for (let i = 0; i < items; i++) {
    const url = `https://www.guancha.cn/internation/2022_01_27_${623000 + i}.shtml`;
    out += `    <item>\n      <title><![CDATA[${zhSentence(r, 8, 24).slice(0, -1)}“${zhWord(r)}”]]></title>\n      <description><![CDATA[${zhHtml(r, per, i)}]]></description>\n      <pubDate>${rfc822(BASE_TIME - i * 600_000)}</pubDate>\n      <guid isPermaLink="false">${url}</guid>\n      <link>${url}</link>\n      <author><![CDATA[观察者网]]></author>\n      <category>${pick(r, ZH_TAGS)}</category>\n      <category>${pick(r, ZH_TAGS)}</category>\n    </item>\n`;
  }
  return out + '  </channel>\n</rss>\n';
}

/** English RSS 2.0 with entity-escaped HTML in description and content:encoded (WordPress-like). */
export function englishRss({ items = 2000, itemBytes = 1500, seed = 2 } = {}) {
  const r = rng(seed);
  const per = itemBytes;
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n  <title>The Example Gazette</title>\n  <link>https://example.org/</link>\n  <atom:link href="https://example.org/feed/" rel="self" type="application/rss+xml"/>\n  <description>News &amp; analysis from the Example Gazette</description>\n  <language>en-US</language>\n  <lastBuildDate>${rfc822(BASE_TIME)}</lastBuildDate>\n  <image><url>https://example.org/logo.png</url><title>The Example Gazette</title><link>https://example.org/</link></image>\n`;
  for (let i = 0; i < items; i++) {
    const url = `https://example.org/${2022 - (i % 3)}/story-${i}/`;
    const body = enHtml(r, per, i);
    const summary = body.slice(0, body.indexOf('</p>') + 4);
    out += `  <item>\n    <title>${escapeXml(enSentence(r, 5, 12).slice(0, -1))} &amp; ${pick(r, EN)}</title>\n    <link>${url}</link>\n    <guid isPermaLink="true">${url}</guid>\n    <pubDate>${rfc822(BASE_TIME - i * 3_600_000)}</pubDate>\n    <dc:creator>${pick(r, ['Ada Byron', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'])}</dc:creator>\n    <category>${pick(r, EN_TAGS)}</category>\n    <category>${pick(r, EN_TAGS)}</category>\n    <description>${escapeXml(summary)}</description>\n    <content:encoded>${escapeXml(body)}</content:encoded>\n    <media:thumbnail url="https://cdn.example.org/thumb/${i}.jpg" width="150" height="150"/>\n    <enclosure url="https://cdn.example.org/audio/${i}.mp3" length="${1000 + i}" type="audio/mpeg"/>\n  </item>\n`;
  }
  return out + '</channel>\n</rss>\n';
}

/** Atom 1.0 with type="html" content and summary. */
export function atomFeed({ items = 2000, itemBytes = 1500, seed = 3 } = {}) {
  const r = rng(seed);
  const per = itemBytes;
  let out = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n  <title>Example Engineering Blog</title>\n  <subtitle>Notes on building things</subtitle>\n  <link href="https://blog.example.com/"/>\n  <link rel="self" href="https://blog.example.com/atom.xml"/>\n  <id>tag:blog.example.com,2022:feed</id>\n  <updated>${new Date(BASE_TIME).toISOString()}</updated>\n  <author><name>Example Team</name><uri>https://blog.example.com/team</uri></author>\n`;
  for (let i = 0; i < items; i++) {
    const url = `https://blog.example.com/posts/${i}-${pick(r, EN)}-${pick(r, EN)}`;
    const body = enHtml(r, per, i);
    const when = new Date(BASE_TIME - i * 7_200_000).toISOString().replace('.000Z', 'Z');
    out += `  <entry>\n    <title type="html">${escapeXml(enSentence(r, 4, 10).slice(0, -1))} &amp;amp; more</title>\n    <link rel="alternate" type="text/html" href="${url}"/>\n    <id>tag:blog.example.com,2022:post-${i}</id>\n    <published>${when}</published>\n    <updated>${when}</updated>\n    <author><name>${pick(r, ['Ada Byron', 'Alan Turing', 'Grace Hopper'])}</name><email>team@example.com</email></author>\n    <category term="${pick(r, EN_TAGS)}"/>\n    <category term="${pick(r, EN_TAGS)}"/>\n    <summary type="html">${escapeXml(body.slice(0, body.indexOf('</p>') + 4))}</summary>\n    <content type="html" xml:base="https://blog.example.com/posts/">${escapeXml(body)}</content>\n  </entry>\n`;
  }
  return out + '</feed>\n';
}

/** The e2e server's feed n: RSSHub-style Chinese RSS, `items` items of about `itemBytes`, stable across runs. */
export function e2eFeed(n, { items = 30, itemBytes = 1500 } = {}) {
  const r = rng(1000 + n);
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">\n  <channel>\n    <title><![CDATA[站点 ${n} - 频道]]></title>\n    <link>https://site${n}.example.cn</link>\n    <atom:link href="https://rsshub.app/site${n}/channel" rel="self" type="application/rss+xml" />\n    <description><![CDATA[站点 ${n} - Made with love by RSSHub(https://github.com/DIYgod/RSSHub)]]></description>\n    <generator>RSSHub</generator>\n    <language>zh-cn</language>\n    <lastBuildDate>${rfc822(BASE_TIME)}</lastBuildDate>\n    <ttl>5</ttl>\n`;
  for (let i = 0; i < items; i++) {
    const url = `https://site${n}.example.cn/news/2022_01_27_${n}_${i}.shtml`;
    out += `    <item>\n      <title><![CDATA[${zhSentence(r, 8, 20).slice(0, -1)}]]></title>\n      <description><![CDATA[${zhHtml(r, itemBytes, n * 100 + i)}]]></description>\n      <pubDate>${rfc822(BASE_TIME - (n * 37 + i) * 600_000)}</pubDate>\n      <guid isPermaLink="false">${url}</guid>\n      <link>${url}</link>\n    </item>\n`;
  }
  return out + '  </channel>\n</rss>\n';
}

/** Deterministic latency of feed n in [min, max] ms. */
export function latencyOf(n, min = 20, max = 50) {
  if (max <= min) return min;
  const r = rng(77_000 + n);
  r();
  return min + Math.floor(r() * (max - min + 1));
}

/**
 * Generates `gen` output of about `totalBytes` with `items` items: two small probes fit
 * bytes-per-item as a line in the body size, then one full-size generation.
 */
export function sized(gen, { totalBytes, items, seed }) {
  const probe = (itemBytes) => Buffer.byteLength(gen({ items: 40, itemBytes, seed })) / 40;
  const a = probe(500);
  const b = probe(3000);
  const slope = (b - a) / 2500;
  const itemBytes = Math.max(100, Math.round(500 + (totalBytes / items - a) / slope));
  return gen({ items, itemBytes, seed });
}

export const SYNTHETIC = {
  'zh-rss-cdata': chineseRss,
  'en-rss-escaped': englishRss,
  atom: atomFeed,
};
