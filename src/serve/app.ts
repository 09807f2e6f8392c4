// The routes: pages (news, post, health, run), the post body frame, run-now (POST) with its server-sent events,
// and the two assets. Safety rules run first, for every route (see security.ts).
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { RUN_JS, STYLE_CSS } from './assets.js';
import type { ServeContext } from './context.js';
import { healthPage } from './pages/health.js';
import { newsPage, newsParams } from './pages/news.js';
import { postBody, postPage } from './pages/post.js';
import { runPage } from './pages/run.js';
import type { RunEvent } from './runs.js';
import { accessGuard, POST_BODY_CSP, sameOriginWrites, securityHeaders, type AccessRules } from './security.js';

export function createApp(ctx: ServeContext, rules: AccessRules): Hono {
  const app = new Hono();
  app.use(securityHeaders());
  app.use(accessGuard(rules));
  app.use(sameOriginWrites(rules));

  app.get('/', async (c) => c.html(await newsPage(ctx, newsParams((k) => c.req.query(k)))));

  app.get('/post', async (c) => {
    const { status, body } = await postPage(ctx, c.req.query('id') ?? '');
    return c.html(await body, status);
  });

  app.get('/post/body', async (c) => {
    const doc = await postBody(ctx, c.req.query('id') ?? '');
    c.header('content-security-policy', POST_BODY_CSP);
    return doc === null ? c.text('no such post\n', 404) : c.html(doc);
  });

  app.get('/health', async (c) => c.html(await healthPage(ctx)));

  app.get('/run', async (c) => c.html(await runPage(ctx)));

  app.post('/run', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const feed = typeof form['feed'] === 'string' && form['feed'] !== '' ? form['feed'] : null;
    const started = ctx.runs.start(feed);
    if (started === 'busy') return c.html(await runPage(ctx, 'A run is already in progress: it is shown below.'), 409);
    if (started === 'unknown-feed') return c.html(await runPage(ctx, `No configured feed has the key “${feed}”.`), 404);
    return c.redirect('/run', 303);
  });

  // Every report of the run in progress (those already in, then each as it comes), then `end`.
  app.get('/run/events', (c) =>
    streamSSE(c, async (stream) => {
      const run = ctx.runs.current();
      if (!run || run.state !== 'running') {
        await stream.writeSSE({ event: 'end', data: JSON.stringify({ state: run?.state ?? 'none' }) });
        return;
      }
      const queue: RunEvent[] = [];
      let wake: (() => void) | null = null;
      const stop = ctx.runs.listen((e) => {
        queue.push(e);
        wake?.();
      });
      stream.onAbort(stop);
      try {
        for (const [i, report] of run.reports.entries()) await stream.writeSSE({ event: 'feed', data: JSON.stringify({ report, done: i + 1, total: run.total }) });
        for (;;) {
          if (queue.length === 0) await new Promise<void>((r) => (wake = r));
          wake = null;
          const e = queue.shift()!;
          if (e.type === 'feed') await stream.writeSSE({ event: 'feed', data: JSON.stringify({ report: e.report, done: e.done, total: e.total }) });
          else {
            await stream.writeSSE({ event: 'end', data: JSON.stringify({ state: e.state.state }) });
            return;
          }
        }
      } finally {
        stop();
      }
    }),
  );

  app.get('/assets/style.css', (c) => c.body(STYLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=300' }));
  app.get('/assets/run.js', (c) => c.body(RUN_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=300' }));

  app.onError((err, c) => {
    process.stderr.write(`feedmill serve: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}\n`);
    return c.text(`feedmill serve: ${err.message.split('\n')[0]}\n`, 500);
  });
  return app;
}
