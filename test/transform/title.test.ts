// The post title rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postTitle } from '../../src/transform/title.js';

test('title rules: entities decoded, tags stripped, whitespace collapsed, quotes → _', () => {
  assert.equal(postTitle('  A&nbsp;<em>b</em>\n\n c &quot;d&quot; ‘e’ “f” \'g\' ', null), 'A b c _d_ _e_ _f_ _g_');
  assert.equal(postTitle(null, '<p>short</p>'), 'short');
  assert.equal(postTitle('', '<p>' + 'x'.repeat(60) + '</p>'), 'x'.repeat(50) + '...');
  assert.equal(postTitle(null, '<p>' + 'x'.repeat(50) + '</p>'), 'x'.repeat(50));
  assert.equal(postTitle(null, null), '');
  // words after a raw-text tag named in a title are the title, never replaced by the body
  assert.equal(postTitle('<script> tag considered harmful', '<p>body</p>'), 'tag considered harmful');
  // text that spells a tag stays text even in a theme that prints titles unescaped; a lone `<` is kept
  assert.equal(postTitle('&lt;img src=x onerror=alert(1)&gt; is 1 &lt; 2?', null), '＜img src=x onerror=alert(1)> is 1 < 2?');
  assert.equal(postTitle('&lt;&lt;script&gt;script&gt;', null), '<＜script>script>');
});
