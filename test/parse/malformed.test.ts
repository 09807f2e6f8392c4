import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed, NotAFeedError } from '../../src/parse/index.js';

const rss = (items: string, head = '<title>T</title>'): string => `<rss version="2.0"><channel>${head}${items}</channel></rss>`;

test('a document cut off in the middle keeps every complete item', () => {
  const full = rss('<item><title>one</title></item><item><title>two</title></item><item><title>three</title><description>half');
  const doc = parseFeed(full.slice(0, full.indexOf('half') + 4));
  assert.deepEqual(doc.items.map((i) => i.title), ['one', 'two']);
  assert.equal(doc.bozo, true);
  assert.equal(doc.title, 'T');
  const cut = parseFeed('<rss version="2.0"><channel><title>T</title><item><title>a</title></item></channel></rss');
  assert.equal(cut.items.length, 1);
});

test('bare & and undeclared HTML entities are kept/decoded, with bozo', () => {
  const doc = parseFeed(rss('<item><title>AT&T &nbsp;&mdash;&hellip;&copy;</title><link>http://x.example/?a=1&b=2</link></item>'));
  assert.equal(doc.items[0].title, 'AT&T \u00a0—…©');
  assert.equal(doc.items[0].link, 'http://x.example/?a=1&b=2');
  assert.equal(doc.bozo, true);
  const unknown = parseFeed(rss('<item><title>a &bogus; b</title></item>'));
  assert.equal(unknown.items[0].title, 'a &bogus; b');
  assert.equal(unknown.bozo, true);
});

test('well-formed input is not bozo', () => {
  const doc = parseFeed('<?xml version="1.0"?>' + rss('<item><title>a &amp; b &#169; &#x4e2d;</title></item>'));
  assert.equal(doc.items[0].title, 'a & b © 中');
  assert.equal(doc.bozo, false);
});

test('junk and whitespace before <?xml', () => {
  const ws = parseFeed('\n\n  <?xml version="1.0"?>' + rss('<item><title>x</title></item>'));
  assert.equal(ws.items[0].title, 'x');
  assert.equal(ws.bozo, true);
  const junk = parseFeed('garbage here <?xml version="1.0"?>' + rss('<item><title>x</title></item>'));
  assert.equal(junk.items[0].title, 'x');
  assert.equal(junk.bozo, true);
});

test('control characters are stripped', () => {
  const doc = parseFeed(rss('<item><title>a\u0001b\u000bc</title></item>'));
  assert.equal(doc.items[0].title, 'abc');
  assert.equal(doc.bozo, true);
});

test('unclosed and mismatched tags, unescaped < in text', () => {
  const doc = parseFeed(rss('<item><title>x</title><description><p>para<br>line</description></item><item><title>1 < 2 &amp; 3</title></item>'));
  assert.equal(doc.items.length, 2);
  assert.equal(doc.items[0].summary, '<p>para<br />line</p>');
  assert.equal(doc.items[1].title, '1 < 2 & 3');
  assert.equal(doc.bozo, true);
  const stray = parseFeed(rss('<item><title>x</title></bogus></item>'));
  assert.equal(stray.items[0].title, 'x');
  assert.equal(stray.bozo, true);
});

test('an undeclared namespace prefix: the usual binding is assumed, bozo set', () => {
  const doc = parseFeed(rss('<item><title>x</title><content:encoded><![CDATA[<p>c</p>]]></content:encoded><dc:creator>Me</dc:creator><foo:bar>z</foo:bar></item>'));
  assert.equal(doc.items[0].content, '<p>c</p>');
  assert.equal(doc.items[0].authors[0].name, 'Me');
  assert.equal(doc.bozo, true);
});

test('CDATA in odd places and an unterminated CDATA section', () => {
  const doc = parseFeed(rss('<item><title>a<![CDATA[ & b]]> c</title><link><![CDATA[https://x.example/1]]></link></item>'));
  assert.equal(doc.items[0].title, 'a & b c');
  assert.equal(doc.items[0].link, 'https://x.example/1');
  const open = parseFeed(rss('<item><title>x</title></item><item><title><![CDATA[never ends'));
  assert.equal(open.items.length, 1);
  assert.equal(open.bozo, true);
});

test('only inputs without any feed throw NotAFeedError, with a one-line message', () => {
  assert.throws(() => parseFeed(''), (e: unknown) => e instanceof NotAFeedError && e.message === 'not a feed: empty body');
  assert.throws(() => parseFeed(Buffer.from('   \n')), /not a feed: empty body/);
  assert.throws(() => parseFeed('<!DOCTYPE html><html><head><title>x</title></head><body><p>hi</p></body></html>'), /^NotAFeedError: not a feed: HTML page$/m);
  assert.throws(() => parseFeed('{"hello": 1}'), NotAFeedError);
  assert.throws(() => parseFeed('{not json'), NotAFeedError);
  assert.throws(() => parseFeed('<note><to>x</to></note>'), /not a feed: no feed element/);
});

test('an empty feed is a feed', () => {
  const doc = parseFeed('<rss version="2.0"><channel></channel></rss>');
  assert.equal(doc.items.length, 0);
  assert.equal(doc.title, null);
});

test('safety: billion laughs is not expanded and finishes', () => {
  let dtd = '<!ENTITY lol "lol">';
  for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
  const doc = parseFeed(`<?xml version="1.0"?><!DOCTYPE rss [${dtd}]><rss version="2.0"><channel><title>&lol9;</title><item><title>a</title></item></channel></rss>`);
  assert.equal(doc.title, '&lol9;');
  assert.equal(doc.items.length, 1);
  assert.equal(doc.bozo, true);
});

test('safety: quadratic blowup is capped', () => {
  const big = 'A'.repeat(50_000);
  const refs = '&a;'.repeat(50_000);
  const doc = parseFeed(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${big}">]><rss version="2.0"><channel><item><title>t</title><description>${refs}</description></item></channel></rss>`);
  const summary = doc.items[0].summary ?? '';
  assert.ok(summary.length < 2 * 1024 * 1024, `expanded to ${summary.length} characters`);
  assert.equal(doc.bozo, true);
});

test('simple internal entities with plain text are expanded', () => {
  const doc = parseFeed('<!DOCTYPE rss [<!ENTITY id "tag:example.com,">]><rss version="2.0"><channel><item><guid isPermaLink="false">&id;2006:/blog/</guid></item></channel></rss>');
  assert.equal(doc.items[0].id, 'tag:example.com,2006:/blog/');
});

test('external entities and DTDs are never fetched or read', () => {
  const doc = parseFeed('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>');
  assert.equal(doc.title, '&xxe;');
});

test('whitespace before the root element without an XML declaration is well-formed', () => {
  const doc = parseFeed('\n\n<rss version="2.0"><channel><title>x</title></channel></rss>\n');
  assert.equal(doc.bozo, false);
});

test('hostile nesting and runs of stray end tags stay bounded', () => {
  const deep = '<div>'.repeat(200_000);
  const stray = '</span>'.repeat(200_000);
  const doc = parseFeed(`<rss version="2.0"><channel><item><title>ok</title></item><item><description>${deep}${stray}</description></item></channel></rss>`);
  assert.equal(doc.items[0].title, 'ok');
  assert.equal(doc.bozo, true);
});
