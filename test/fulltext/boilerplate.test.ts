// Cleanup of an extracted article: furniture by class name, captions, link lists and datelines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { removeCaptions, removeFurniture, removeLinkListsAndDatelines } from '../../src/fulltext/boilerplate.js';

function article(html: string): Element {
  const { document } = parseHTML(`<!doctype html><html><body><article>${html}</article></body></html>`);
  return document.querySelector('article') as unknown as Element;
}

test('share bars, related lists, tags and bylines go by class or id; a big block with such a class stays', () => {
  const el = article(`
    <p>正文第一段。</p>
    <div class="share-bar"><a>微博</a><a>微信</a></div>
    <ul id="related_posts"><li><a href="/1">相关一</a></li></ul>
    <div class="post-tags">标签：测试</div>
    <p class="byline">By A. Writer</p>
    <div class="author-box">${'作者介绍很长。'.repeat(80)}</div>
    <p class="leader">A lead paragraph whose class only contains "ad" inside a word.</p>`);
  removeFurniture(el, ['.leader']);
  const text = el.textContent!;
  assert.match(text, /正文第一段/);
  assert.match(text, /作者介绍很长/, 'over 400 characters: not furniture');
  for (const gone of ['微博', '相关一', '标签', 'By A. Writer', 'lead paragraph']) assert.ok(!text.includes(gone), gone);
});

test('captions and credits go, the pictures stay', () => {
  const el = article(`
    <figure><img src="https://a.example/1.jpg"><figcaption>图：示意图（来源：测试）</figcaption></figure>
    <div class="wp-caption"><img src="https://a.example/2.jpg"><p class="wp-caption-text">Photo: Someone</p></div>
    <p>正文。</p><span class="photo-credit">Getty Images</span>`);
  removeCaptions(el);
  assert.equal(el.querySelectorAll('img').length, 2);
  const text = el.textContent!.replace(/\s+/g, '');
  assert.equal(text, '正文。');
});

test('lists that are mostly links and date-only lines go; a list with prose and a sentence with a date stay', () => {
  const el = article(`
    <p>Published: Nov. 20, 2019 1:35 a.m.</p>
    <p>2022-01-27 10:09 来源：测试</p>
    <p>On Nov. 20, 2019 the council voted to rebuild the bridge, and work starts in spring.</p>
    <ul><li><a href="/a">Read next: one</a></li><li><a href="/b">Read next: two</a></li></ul>
    <ol><li>Mix the flour and water, see <a href="/tips">tips</a>.</li><li>Rest the dough for an hour.</li></ol>`);
  removeLinkListsAndDatelines(el);
  const text = el.textContent!;
  assert.ok(!text.includes('Published') && !text.includes('来源') && !text.includes('Read next'), text);
  assert.match(text, /the council voted/);
  assert.match(text, /Rest the dough/);
});
