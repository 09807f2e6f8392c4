// Page bytes → text: BOM, HTTP charset, <meta charset> anywhere in the head, a guess from lang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { decodePage, metaCharset } from '../../src/fulltext/decode-page.js';

const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
const TEXT = '朱镕基与臺灣';
const html = (head: string, body = TEXT) => `<!doctype html><html${head}><head></head><body><p>${body}</p></body></html>`;

test('meta charset forms', () => {
  assert.equal(metaCharset('<meta charset="GBK">'), 'GBK');
  assert.equal(metaCharset("<meta charset=big5 />"), 'big5');
  assert.equal(metaCharset('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), 'gb2312');
  assert.equal(metaCharset('<meta name="x" content="y">'), null);
});

test('a <meta charset> past the first 1024 bytes is still read', () => {
  const page = `<!doctype html><html><head>${'<link rel="x" href="/y">'.repeat(80)}<meta charset="gbk"></head><body><p>朱镕基</p></body></html>`;
  const d = decodePage(iconv.encode(page, 'gbk'), null);
  assert.equal(d.encoding, 'gb18030');
  assert.match(d.text, /朱镕基/);
});

test('the HTTP charset wins over the page; a BOM wins over both', () => {
  const big5 = iconv.encode(html('', '臺灣').replace('<head>', '<head><meta charset="gbk">'), 'big5');
  assert.match(decodePage(big5, 'text/html; charset=big5').text, /臺灣/);
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(html(' lang="zh-TW"').replace('<head>', '<head><meta charset="big5">'))]);
  assert.match(decodePage(bom, 'text/html; charset=gbk').text, new RegExp(TEXT));
});

test('undeclared legacy bytes: Big5 for zh-TW/zh-HK, GB18030 for other Chinese', () => {
  assert.match(decodePage(iconv.encode(html(' lang="zh-TW"', '臺灣捷運'), 'big5')).text, /臺灣捷運/);
  assert.match(decodePage(iconv.encode(html(' lang="zh-Hant-HK"', '臺灣捷運'), 'big5')).text, /臺灣捷運/);
  assert.match(decodePage(iconv.encode(html(' lang="zh-CN"', '朱镕基'), 'gbk')).text, /朱镕基/);
});

test('valid UTF-8 wins over a wrong legacy label; a string passes through', () => {
  const utf8 = Buffer.from(html('').replace('<head>', '<head><meta charset="gb2312">'));
  assert.match(decodePage(utf8, null).text, new RegExp(TEXT));
  assert.equal(decodePage('<p>字</p>').text, '<p>字</p>');
});
