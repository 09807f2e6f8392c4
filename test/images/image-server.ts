// A local image server on 127.0.0.1 that behaves like the hosts feedmill meets: it answers by Host header, so one
// server plays wx1.sinaimg.cn, mmbiz.qpic.cn, pic1.zhimg.com, news.example and img.example (the test client resolves
// every name to 127.0.0.1). Hotlink rules as the real hosts apply them:
//   *.sinaimg.cn   403 unless the Referer is on weibo.com (no Referer is refused too)
//   mmbiz.qpic.cn  a "not allowed" picture for a foreign Referer; the real one with none or mp.weixin.qq.com
//   *.zhimg.com    403 unless the Referer is on zhihu.com
//   news.example   403 unless the Referer is the article itself (/articles/…)
// img.example serves the awkward answers: huge, truncated, mislabelled, SVG with script, HTML, text, 410, flaky.
// It also works as a plain HTTP proxy (absolute URLs in the request line), so a CLI run with `fetch.proxy` pointed
// at it reaches every one of these host names without DNS.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SVG_WITH_SCRIPT, noisyJpeg, picture, pngDeclaring } from './pictures.js';

export interface ImageServer {
  port: number;
  /** URL of `path` on a host name this server plays */
  url(host: string, path: string): string;
  /** requests seen, per host + path */
  hits(host: string, path: string): number;
  totalHits(): number;
  /** Referer headers seen, per host + path (the last one) */
  referer(host: string, path: string): string | undefined;
  /** the bytes a path serves when allowed */
  bytes: Record<string, Buffer>;
  close(): Promise<void>;
}

export async function startImageServer(): Promise<ImageServer> {
  const bytes: Record<string, Buffer> = {
    photo: await picture(640, 480, 'jpeg'),
    other: await picture(320, 200, 'png', [10, 120, 240]),
    notAllowed: await picture(300, 100, 'png', [128, 128, 128]),
    gif: await picture(40, 30, 'gif'),
    webp: await picture(50, 20, 'webp'),
    avif: await picture(64, 48, 'avif'),
    big: await noisyJpeg(600, 600),
    bomb: pngDeclaring(100_000, 100_000),
  };
  const hits = new Map<string, number>();
  const referers = new Map<string, string | undefined>();
  let flakyCalls = 0;

  const send = (res: ServerResponse, status: number, type: string, body: Buffer | string): void => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    // an absolute URL in the request line: the server is used as an HTTP proxy (fetch.proxy), as the CLI tests do
    const target = /^https?:\/\//i.test(req.url ?? '') ? new URL(req.url!) : null;
    const host = target?.hostname ?? (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = target?.pathname ?? (req.url ?? '/').split('?', 1)[0]!;
    const key = `${host}${path}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const referer = req.headers.referer;
    referers.set(key, referer);
    const refererHost = referer ? new URL(referer).hostname : null;
    if (host.endsWith('.sinaimg.cn') || path.startsWith('/sinaimg/')) {
      if (refererHost === 'weibo.com' || refererHost?.endsWith('.weibo.com')) return send(res, 200, 'image/jpeg', bytes.photo!);
      return send(res, 403, 'text/html', '<html><body>403 Forbidden</body></html>');
    }
    if (host === 'mmbiz.qpic.cn') {
      const own = refererHost === null || refererHost === 'mp.weixin.qq.com';
      return send(res, 200, 'image/png', own ? bytes.other! : bytes.notAllowed!);
    }
    if (host.endsWith('.zhimg.com')) {
      if (refererHost === 'www.zhihu.com' || refererHost === 'zhihu.com') return send(res, 200, 'image/gif', bytes.gif!);
      return send(res, 403, 'text/plain', 'forbidden');
    }
    if (host === 'i.guancha.cn') return send(res, 200, 'image/jpeg', path.endsWith('.png') ? bytes.other! : bytes.photo!); // the seed's pictures
    if (host === 'news.example') {
      if (referer !== undefined && new URL(referer).pathname.startsWith('/articles/')) return send(res, 200, 'image/webp', bytes.webp!);
      return send(res, 403, 'text/plain', 'hotlinking not allowed');
    }
    switch (path) {
      case '/photo.jpg':
      case '/same-photo-other-name.jpeg':
        return send(res, 200, 'image/jpeg', bytes.photo!);
      case '/other.png':
        return send(res, 200, 'image/png', bytes.other!);
      case '/pic.avif':
        return send(res, 200, 'image/avif', bytes.avif!);
      case '/huge.jpg':
        return send(res, 200, 'image/jpeg', bytes.big!);
      case '/bomb.png':
        return send(res, 200, 'image/png', bytes.bomb!);
      case '/truncated.jpg':
        return send(res, 200, 'image/jpeg', bytes.photo!.subarray(0, Math.floor(bytes.photo!.length / 2)));
      case '/mislabelled.jpg': // PNG bytes labelled JPEG
        return send(res, 200, 'image/jpeg', bytes.other!);
      case '/page.png': // an error page labelled PNG
        return send(res, 200, 'image/png', '<!DOCTYPE html><html><head><title>Not found</title></head><body>gone</body></html>');
      case '/evil.svg':
        return send(res, 200, 'image/svg+xml', SVG_WITH_SCRIPT);
      case '/notes.txt':
        return send(res, 200, 'text/plain', 'just some text, not a picture at all');
      case '/gone.jpg':
        return send(res, 410, 'text/plain', 'gone');
      case '/flaky.jpg': // fails the first time, works afterwards
        flakyCalls++;
        return flakyCalls === 1 ? send(res, 503, 'text/plain', 'busy') : send(res, 200, 'image/jpeg', bytes.photo!);
      case '/broken.jpg':
        return send(res, 500, 'text/plain', 'always broken');
      default:
        return send(res, 404, 'text/plain', 'not found');
    }
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (host, path) => `http://${host}:${port}${path}`,
    hits: (host, path) => hits.get(`${host}${path}`) ?? 0,
    totalHits: () => [...hits.values()].reduce((a, b) => a + b, 0),
    referer: (host, path) => referers.get(`${host}${path}`),
    bytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
