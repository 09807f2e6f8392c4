// Feeds through real proxies on 127.0.0.1: a plain HTTP proxy, a CONNECT tunnel to an https feed server,
// SOCKS5; the setting from the feed, the config or the environment, NO_PROXY, and a proxy that is down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createFetcher } from '../../src/fetch/index.js';
import { noProxyMatches, proxyFor, proxySettingProblem } from '../../src/fetch/proxy.js';
import type { FetchConfig, FetchResult } from '../../src/model.js';
import { runCli, sourceFor, tempDir } from '../helpers.js';
import { deadPort, startFeedServer, startHttpProxy, startSocksProxy, type FeedServer, type RunningProxy } from './proxy-servers.js';

const cfg: FetchConfig = {
  timeout: 5000,
  connectTimeout: 2000,
  maxBytes: 1024 * 1024,
  concurrency: 4,
  perHost: 2,
  retries: 0,
  userAgent: 'feedmill/test',
  maxBackoff: 3600_000,
};

let httpFeeds: FeedServer;
let httpsFeeds: FeedServer;
let proxy: RunningProxy;
let socks: RunningProxy;

before(async () => {
  [httpFeeds, httpsFeeds, proxy, socks] = await Promise.all([startFeedServer(false), startFeedServer(true), startHttpProxy(), startSocksProxy()]);
});
after(async () => {
  await Promise.all([httpFeeds.close(), httpsFeeds.close(), proxy.close(), socks.close()]);
});

function ok(r: FetchResult): Extract<FetchResult, { kind: 'ok' }> {
  assert.equal(r.kind, 'ok', r.kind === 'error' ? r.reason : r.kind);
  return r as Extract<FetchResult, { kind: 'ok' }>;
}

test('proxy settings: none, http(s) and socks5 URLs; anything else named', () => {
  assert.equal(proxySettingProblem('none'), null);
  assert.equal(proxySettingProblem('http://127.0.0.1:8080'), null);
  assert.equal(proxySettingProblem('socks5://user:pw@proxy.lan:1080'), null);
  assert.match(proxySettingProblem('ftp://proxy.lan')!, /unsupported proxy scheme ftp:/);
  assert.match(proxySettingProblem('127.0.0.1:8080')!, /./);
  assert.match(proxySettingProblem('proxy')!, /expected none or a proxy URL/);
});

test('NO_PROXY: exact hosts, domain suffixes, ports and *', () => {
  const u = (s: string) => new URL(s);
  assert.equal(noProxyMatches(u('http://rsshub.lan/x'), 'localhost, rsshub.lan'), true);
  assert.equal(noProxyMatches(u('http://a.rsshub.lan/x'), '.rsshub.lan'), true);
  assert.equal(noProxyMatches(u('http://a.rsshub.lan/x'), '*.rsshub.lan'), true);
  assert.equal(noProxyMatches(u('http://a.rsshub.lan/x'), 'rsshub.lan'), true);
  assert.equal(noProxyMatches(u('http://notrsshub.lan/x'), 'rsshub.lan'), false);
  assert.equal(noProxyMatches(u('http://127.0.0.1:1200/x'), '127.0.0.1:1200'), true);
  assert.equal(noProxyMatches(u('http://127.0.0.1:1201/x'), '127.0.0.1:1200'), false);
  assert.equal(noProxyMatches(u('https://example.com/x'), '*'), true);
  assert.equal(noProxyMatches(u('https://example.com/x'), ''), false);
});

test('which proxy: the setting wins, then https_proxy / http_proxy, lower case first', () => {
  const env = { HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:2', HTTPS_PROXY: 'http://secure:3', NO_PROXY: 'direct.lan' };
  assert.equal(proxyFor(new URL('http://a.lan/'), undefined, env)?.host, 'lower:2');
  assert.equal(proxyFor(new URL('https://a.lan/'), undefined, env)?.host, 'secure:3');
  assert.equal(proxyFor(new URL('https://a.lan/'), undefined, { HTTP_PROXY: 'proxy.lan:8080' })?.href, 'http://proxy.lan:8080/');
  assert.equal(proxyFor(new URL('http://direct.lan/'), undefined, env), null);
  assert.equal(proxyFor(new URL('http://a.lan/'), 'none', env), null);
  assert.equal(proxyFor(new URL('http://direct.lan/'), 'socks5://s:1080', env)?.href, 'socks5://s:1080');
});

test('a feed through a plain HTTP proxy (fetch.proxy)', async () => {
  const f = createFetcher({ ...cfg, proxy: proxy.url }, { env: {} });
  try {
    const r = ok(await f.fetch(sourceFor(`${httpFeeds.base}/plain/a`), {}));
    assert.match(r.body.toString(), /<title>Feed a<\/title>/);
    assert.ok(proxy.forwarded.includes(`${httpFeeds.base}/plain/a`), 'the proxy forwarded the request');
  } finally {
    await f.close();
  }
});

test('an https feed through a CONNECT proxy, its self-signed CA trusted through the options', async () => {
  const f = createFetcher({ ...cfg, proxy: proxy.url }, { env: {}, ca: httpsFeeds.cert! });
  try {
    const r = ok(await f.fetch(sourceFor(`${httpsFeeds.base}/tunnel/b`), {}));
    assert.match(r.body.toString(), /<title>Feed b<\/title>/);
    assert.ok(proxy.tunnels.includes(new URL(httpsFeeds.base).host), 'the proxy opened a tunnel');
    assert.ok(httpsFeeds.hits.includes('/tunnel/b'));
  } finally {
    await f.close();
  }
  // without the CA the certificate is refused, through the tunnel as well
  const strict = createFetcher({ ...cfg, proxy: proxy.url }, { env: {} });
  try {
    const r = await strict.fetch(sourceFor(`${httpsFeeds.base}/tunnel/c`), {});
    assert.equal(r.kind, 'error');
    assert.match((r as { reason: string }).reason, /^TLS error: /);
  } finally {
    await strict.close();
  }
});

test('HTTP_PROXY / HTTPS_PROXY from the environment, and NO_PROXY honoured', async () => {
  const viaEnv = createFetcher(cfg, { env: { HTTP_PROXY: proxy.url, https_proxy: proxy.url }, ca: httpsFeeds.cert! });
  try {
    ok(await viaEnv.fetch(sourceFor(`${httpFeeds.base}/env/d`), {}));
    assert.ok(proxy.forwarded.includes(`${httpFeeds.base}/env/d`));
    const tunnelsBefore = proxy.tunnels.length;
    ok(await viaEnv.fetch(sourceFor(`${httpsFeeds.base}/env/e`), {}));
    assert.equal(proxy.tunnels.length, tunnelsBefore + 1);
  } finally {
    await viaEnv.close();
  }
  const exempt = createFetcher(cfg, { env: { http_proxy: proxy.url, no_proxy: 'localhost,127.0.0.1' } });
  try {
    ok(await exempt.fetch(sourceFor(`${httpFeeds.base}/direct/f`), {}));
    assert.ok(httpFeeds.hits.includes('/direct/f'));
    assert.ok(!proxy.forwarded.some((u) => u.endsWith('/direct/f')), 'NO_PROXY hosts are reached directly');
  } finally {
    await exempt.close();
  }
});

test('a per-feed proxy overrides the config; a per-feed none ignores it', async () => {
  const dead = `http://127.0.0.1:${await deadPort()}`;
  const f = createFetcher({ ...cfg, proxy: dead }, { env: {} });
  try {
    const refused = await f.fetch(sourceFor(`${httpFeeds.base}/cfg/g`), {});
    assert.equal(refused.kind, 'error');
    assert.equal((refused as { reason: string }).reason, `proxy ${dead} refused the connection`);
    ok(await f.fetch(sourceFor(`${httpFeeds.base}/feed-proxy/h`, { proxy: proxy.url }), {}));
    assert.ok(proxy.forwarded.includes(`${httpFeeds.base}/feed-proxy/h`));
    ok(await f.fetch(sourceFor(`${httpFeeds.base}/feed-none/i`, { proxy: 'none' }), {}));
    assert.ok(httpFeeds.hits.includes('/feed-none/i'));
    assert.ok(!proxy.forwarded.some((u) => u.endsWith('/feed-none/i')));
  } finally {
    await f.close();
  }
});

test('fetch.proxy none ignores HTTP_PROXY', async () => {
  const dead = `http://127.0.0.1:${await deadPort()}`;
  const f = createFetcher({ ...cfg, proxy: 'none' }, { env: { HTTP_PROXY: dead } });
  try {
    ok(await f.fetch(sourceFor(`${httpFeeds.base}/none/j`), {}));
  } finally {
    await f.close();
  }
});

test('SOCKS5: http and https feeds through a real SOCKS5 server', async () => {
  const f = createFetcher({ ...cfg, proxy: socks.url }, { env: {}, ca: httpsFeeds.cert! });
  try {
    ok(await f.fetch(sourceFor(`${httpFeeds.base}/socks/k`), {}));
    ok(await f.fetch(sourceFor(`${httpsFeeds.base}/socks/l`), {}));
    assert.ok(socks.tunnels.includes(new URL(httpFeeds.base).host));
    assert.ok(socks.tunnels.includes(new URL(httpsFeeds.base).host));
  } finally {
    await f.close();
  }
  const dead = `socks5://127.0.0.1:${await deadPort()}`;
  const down = createFetcher({ ...cfg, proxy: dead }, { env: {} });
  try {
    const r = await down.fetch(sourceFor(`${httpFeeds.base}/socks/m`), {});
    assert.equal(r.kind, 'error');
    assert.match((r as { reason: string }).reason, new RegExp(`^proxy ${dead.replace(/[./]/g, '\\$&')}`));
  } finally {
    await down.close();
  }
});

test('the CLI honours HTTP_PROXY and NO_PROXY from its environment', async () => {
  const dir = tempDir();
  const config = join(dir, 'feedmill.yml');
  writeFileSync(
    config,
    `output:\n  dir: posts\nstate: state.db\nfetch:\n  retries: 0\n  timeout: 5s\nfeeds:\n  - url: ${httpFeeds.base}/cli/n\n    categories: [test]\n`,
  );
  const r = await runCli(['run', '-c', config], { env: { HTTP_PROXY: proxy.url, NO_PROXY: '', http_proxy: '', no_proxy: '' } });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.ok(proxy.forwarded.includes(`${httpFeeds.base}/cli/n`), 'the run went through the proxy');
  assert.equal(readdirSync(join(dir, 'posts')).filter((f) => f.endsWith('.md')).length, 3);

  const dir2 = tempDir();
  const config2 = join(dir2, 'feedmill.yml');
  writeFileSync(config2, `output:\n  dir: posts\nstate: state.db\nfetch:\n  retries: 0\nfeeds:\n  - url: ${httpFeeds.base}/cli/o\n    categories: [test]\n`);
  const r2 = await runCli(['run', '-c', config2], { env: { HTTP_PROXY: `http://127.0.0.1:${await deadPort()}`, NO_PROXY: '127.0.0.1', http_proxy: '', no_proxy: '' } });
  assert.equal(r2.code, 0, r2.stderr + r2.stdout);
  assert.ok(httpFeeds.hits.includes('/cli/o'), 'NO_PROXY: reached directly');
});
