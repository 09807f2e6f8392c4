// The safety rules at the HTTP level: loopback Host names only, the token (query → cookie, header), writes only
// from the same origin or with the token in a header, and the CSP on pages and post bodies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, isLoopbackHost } from '../../src/serve/index.js';
import { PAGE_CSP, POST_BODY_CSP } from '../../src/serve/security.js';
import { addPosts, makeSite, serveSite, writeFeed } from './site.js';
import { send } from './http.js';

const TOKEN = 'secret-token-123';

async function site() {
  const s = await makeSite([{ url: 'feed.xml', categories: ['News'] }]);
  writeFeed(join(s.dir, 'feed.xml'), 'Item', 1, Date.now());
  return s;
}

test('loopback addresses are told apart from the others', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '::', '192.168.1.2', 'example.com', '127.0.0.1.example.com']) assert.equal(isLoopbackHost(h), false, h);
});

test('any address but loopback needs a token, and a short token is refused', async () => {
  const s = await site();
  await assert.rejects(startServer({ config: s.config, store: s.store, host: '0.0.0.0', port: 0 }), /needs --token/);
  await assert.rejects(startServer({ config: s.config, store: s.store, host: '127.0.0.1', port: 0, token: 'short' }), /too short/);
  await s.store.close();
});

test('a loopback server answers only loopback Host names (no DNS rebinding)', async () => {
  const s = await site();
  const server = await serveSite(s);
  try {
    const port = new URL(server.url).port;
    const ok = await send(`${server.url}/`);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['content-security-policy'], PAGE_CSP);
    assert.equal(ok.headers['x-content-type-options'], 'nosniff');
    assert.equal((await send(`${server.url}/`, { headers: { host: `localhost:${port}` } })).status, 200);
    const evil = await send(`${server.url}/`, { headers: { host: `attacker.example:${port}` } });
    assert.equal(evil.status, 403);
    assert.match(evil.body, /loopback/);
  } finally {
    await server.close();
    await s.store.close();
  }
});

test('with a token, every request carries it: ?token= once sets a cookie, or a header', async () => {
  const s = await site();
  const server = await serveSite(s, { token: TOKEN });
  try {
    const none = await send(`${server.url}/health`);
    assert.equal(none.status, 401);
    assert.match(none.body, /token/);
    assert.equal((await send(`${server.url}/health?token=wrong-token-123`)).status, 401);
    assert.equal((await send(`${server.url}/assets/style.css`)).status, 401);

    const first = await send(`${server.url}/health?q=a&token=${TOKEN}`);
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, '/health?q=a');
    const cookie = String(first.headers['set-cookie']);
    assert.match(cookie, /feedmill_token=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    assert.equal((await send(`${server.url}/health`, { headers: { cookie: pair } })).status, 200);
    assert.equal((await send(`${server.url}/health`, { headers: { cookie: 'feedmill_token=wrong' } })).status, 401);
    assert.equal((await send(`${server.url}/health`, { headers: { 'x-feedmill-token': TOKEN } })).status, 200);
    assert.equal((await send(`${server.url}/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
  } finally {
    await server.close();
    await s.store.close();
  }
});

// An unknown feed key answers 404 from the route itself: the request got past the write rules, and no run starts.
const runUnknown = { method: 'POST', body: 'feed=no-such-feed' };
const formType = { 'content-type': 'application/x-www-form-urlencoded' };

test('a write needs the same origin (Sec-Fetch-Site or Origin); other sites get 403', async () => {
  const s = await site();
  const server = await serveSite(s);
  try {
    const host = new URL(server.url).host;
    const post = (headers: Record<string, string>) => send(`${server.url}/run`, { ...runUnknown, headers: { ...formType, ...headers } });
    assert.equal((await post({})).status, 403, 'no origin information at all');
    assert.equal((await post({ 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await post({ 'sec-fetch-site': 'same-site' })).status, 403);
    assert.equal((await post({ origin: 'http://attacker.example' })).status, 403);
    assert.equal((await post({ origin: 'null' })).status, 403);
    assert.equal((await post({ 'sec-fetch-site': 'same-origin' })).status, 404);
    assert.equal((await post({ origin: `http://${host}` })).status, 404);
    assert.equal(server.runs.current(), null, 'no run was started');
  } finally {
    await server.close();
    await s.store.close();
  }
});

test('with a token, a cookie alone never authorises a cross-site write; the token in a header does', async () => {
  const s = await site();
  const server = await serveSite(s, { token: TOKEN });
  try {
    const post = (headers: Record<string, string>) => send(`${server.url}/run`, { ...runUnknown, headers: { ...formType, ...headers } });
    const cookie = `feedmill_token=${TOKEN}`;
    assert.equal((await post({ cookie, 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await post({ 'sec-fetch-site': 'same-origin' })).status, 401, 'same origin but no token');
    assert.equal((await post({ cookie, 'sec-fetch-site': 'same-origin' })).status, 404);
    assert.equal((await post({ 'x-feedmill-token': TOKEN })).status, 404);
    assert.equal((await send(`${server.url}/run`, { method: 'GET', headers: { cookie } })).status, 200);
  } finally {
    await server.close();
    await s.store.close();
  }
});

test('a title with markup is text in every page; a post body has its own sandboxing CSP', async () => {
  const s = await site();
  const key = s.config.feeds[0]!.url!;
  const [rec] = await addPosts(s, [{ feedKey: key, title: '<img src=x onerror=alert(1)> & <b>bold</b>', date: Date.now(), categories: ['News'], html: '<p>hello</p><script>alert(2)</script>', link: 'javascript:alert(3)' }]);
  const server = await serveSite(s);
  try {
    const news = await send(`${server.url}/`);
    assert.ok(news.body.includes('&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'));
    assert.ok(!news.body.includes('<img src=x'));
    assert.ok(!news.body.includes('javascript:'), 'a javascript: link is not linked');
    const page = await send(`${server.url}/post?id=${encodeURIComponent(rec!.identity)}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.includes('&lt;b&gt;bold&lt;/b&gt;'));
    assert.ok(!page.body.includes('<b>bold</b>'));
    const body = await send(`${server.url}/post/body?id=${encodeURIComponent(rec!.identity)}`);
    assert.equal(body.status, 200);
    assert.equal(body.headers['content-security-policy'], POST_BODY_CSP);
    assert.match(POST_BODY_CSP, /default-src 'none'/);
    assert.match(POST_BODY_CSP, /(^|; )sandbox( |;|$)/);
    assert.doesNotMatch(POST_BODY_CSP, /allow-scripts|allow-same-origin/);
    assert.ok(body.body.includes('<p>hello</p>'));
    assert.equal((await send(`${server.url}/post?id=nope`)).status, 404);
    assert.equal((await send(`${server.url}/post/body?id=nope`)).status, 404);
  } finally {
    await server.close();
    await s.store.close();
  }
});
