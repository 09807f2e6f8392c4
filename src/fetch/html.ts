// Cheap check whether a 200 answer is a web page rather than a feed (login walls, error pages, captchas).

const FEED_TYPES = /(rss|atom|rdf|xml|json)/i;

/** True when the Content-Type says HTML, or the first non-blank bytes are an HTML doctype or <html>. */
export function looksLikeHtml(contentType: string | null | undefined, body: Uint8Array): boolean {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('text/html') || type.includes('application/xhtml')) {
    // some servers label feeds text/html; trust the bytes when they say feed
    return !startsLikeFeed(body);
  }
  if (type && FEED_TYPES.test(type)) return false;
  const head = sniffHead(body);
  return /^(<!doctype html|<html[\s>])/i.test(head);
}

function sniffHead(body: Uint8Array): string {
  let i = 0;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) i = 3;
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x09)) i++;
  return Buffer.from(body.subarray(i, i + 512)).toString('latin1');
}

function startsLikeFeed(body: Uint8Array): boolean {
  const head = sniffHead(body);
  if (head.startsWith('{')) return true;
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(head) || (/^<\?xml/i.test(head) && !/<html[\s>]/i.test(head));
}
