// `feedmill extract`: the real CLI on a saved page and on a page served from 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, runCli, tempDir } from '../helpers.js';

const guancha = fixture('fulltext', 'guancha-article.html');

test('extract FILE --text --url: plain text of the article, with the rule of the URL\'s site', async () => {
  const r = await runCli(['extract', '--text', '--url', 'https://www.guancha.cn/politics/2022_01_27_000001_s.shtml', guancha]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^【文\/观察者网 测试编辑】/);
  assert.ok(!r.stdout.includes('<p>') && !r.stdout.includes('分享到'));
});

test('extract FILE: HTML by default, relative URLs resolved against --url', async () => {
  const r = await runCli(['extract', '--url', 'https://www.guancha.cn/politics/x.shtml', guancha]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /<p>/);
  assert.match(r.stdout, /href="https:\/\/www\.guancha\.cn\/politics\/2022_01_26_000000\.shtml"/);
});

test('extract --json --selector --remove: a rule under test, every field', async () => {
  const r = await runCli(['extract', '--json', '--selector', '.all-txt', '--remove', 'img, a', guancha]);
  assert.equal(r.code, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.equal(a.method, 'rule');
  assert.equal(a.title, '测试：某市推出旧城改造新方案');
  assert.ok(!a.html.includes('<img') && !a.html.includes('<a '));
  assert.match(a.canonical, /^file:\/\/.*\/politics\/2022_01_27_000001\.shtml$/);
});

test('extract URL: fetched through the fetch layer, charset from the HTTP header', async () => {
  const body = readFileSync(fixture('fulltext', 'big5-article.html'));
  const server = createServer((req, res) => {
    if (req.url === '/news/1') {
      res.writeHead(200, { 'content-type': 'text/html; charset=big5' });
      res.end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const ok = await runCli(['extract', '--text', `${base}/news/1`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /新路線全長約十四公里/);
    const missing = await runCli(['extract', `${base}/gone`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^feedmill extract: http:\/\/127\.0\.0\.1:\d+\/gone: HTTP 404/);
  } finally {
    server.close();
  }
});

test('extract: a missing file and a page without an article are one-line errors, exit 1', async () => {
  const r = await runCli(['extract', 'no-such-page.html']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'feedmill extract: no-such-page.html: file not found\n');
  const dir = tempDir();
  const blank = join(dir, 'blank.html');
  writeFileSync(blank, '<!doctype html><html><head><title>x</title></head><body><nav></nav></body></html>');
  const empty = await runCli(['extract', blank]);
  assert.equal(empty.code, 1);
  assert.equal(empty.stderr, `feedmill extract: no article found in ${blank}\n`);
});

test('extract --help shows examples; a missing argument is a usage error', async () => {
  const help = await runCli(['extract', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Examples:\n {2}\$ feedmill extract/);
  const none = await runCli(['extract']);
  assert.equal(none.code, 2);
});
