// The serve safety rules in one place: which Host names a loopback server answers (DNS rebinding), the access
// token (header, or a cookie set from a first `?token=` visit), the same-origin rule for writes, and the CSP.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const TOKEN_COOKIE = 'feedmill_token';
export const TOKEN_HEADER = 'x-feedmill-token';

/** Pages: scripts and styles only from this server, images from anywhere (feeds' thumbnails), frames only ours. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  'img-src * data:',
  "frame-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A post body: no script at all, a sandbox of its own (opaque origin) even when opened outside its frame. */
export const POST_BODY_CSP = [
  "default-src 'none'",
  'img-src * data:',
  'media-src *',
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  'sandbox allow-popups allow-popups-to-escape-sandbox',
].join('; ');

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The host name of a Host header value, without the port. */
function hostName(header: string): string {
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  const colon = header.lastIndexOf(':');
  return colon === -1 ? header : header.slice(0, colon);
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
function sameToken(given: string | undefined, token: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

export interface AccessRules {
  /** the address the server listens on */
  host: string;
  /** required on every request when set */
  token: string | null;
}

/**
 * Every request: a loopback server answers only loopback Host names (a web page cannot reach it through a
 * DNS name that resolves to 127.0.0.1); with a token, the request carries it in a header or the cookie. A
 * first visit with `?token=` sets the cookie and redirects to the same address without the token.
 */
export function accessGuard(rules: AccessRules): MiddlewareHandler {
  const loopback = isLoopbackHost(rules.host);
  return async (c, next) => {
    if (loopback && !isLoopbackHost(hostName(c.req.header('host') ?? ''))) {
      return c.text('feedmill serve: this server answers only on its loopback address\n', 403);
    }
    const token = rules.token;
    if (token !== null) {
      const url = new URL(c.req.url);
      const fromQuery = url.searchParams.get('token');
      if (fromQuery !== null && c.req.method === 'GET' && sameToken(fromQuery, token)) {
        setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
        url.searchParams.delete('token');
        return c.redirect(url.pathname + url.search, 303);
      }
      const given = bearer(c.req.header('authorization')) ?? c.req.header(TOKEN_HEADER) ?? getCookie(c, TOKEN_COOKIE);
      if (!sameToken(given, token)) {
        return c.text('feedmill serve: open the address with ?token=<your token> once, or send the token in the X-Feedmill-Token header\n', 401);
      }
    }
    await next();
  };
}

function bearer(header: string | undefined): string | undefined {
  const m = header !== undefined ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m ? m[1] : undefined;
}

/**
 * Writes (POST) come from this site's own pages (Sec-Fetch-Site, else Origin, must say same origin), or from a
 * script that sends the token in a header; a cookie alone never authorises a write.
 */
export function sameOriginWrites(rules: AccessRules): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const site = c.req.header('sec-fetch-site');
      const origin = c.req.header('origin');
      const host = c.req.header('host');
      const sameOrigin = site !== undefined ? site === 'same-origin' : origin !== undefined && host !== undefined && origin === `http://${host}`;
      const headerToken = bearer(c.req.header('authorization')) ?? c.req.header(TOKEN_HEADER);
      const tokenInHeader = rules.token !== null && sameToken(headerToken, rules.token);
      if (!sameOrigin && !tokenInHeader) return c.text('feedmill serve: a write must come from this site’s own page\n', 403);
    }
    await next();
  };
}

/** Headers on every answer; a route that sets its own CSP (the post body) keeps it. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', PAGE_CSP);
    c.res.headers.set('x-content-type-options', 'nosniff');
    c.res.headers.set('referrer-policy', 'no-referrer');
    c.res.headers.set('cross-origin-opener-policy', 'same-origin');
  };
}
