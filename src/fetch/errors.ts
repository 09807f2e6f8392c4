// Turns whatever a request threw into a one-line human reason, and says whether retrying can help.
import { formatDuration } from './format.js';

export interface Described {
  reason: string;
  retryable: boolean;
}

/** Error codes of Node's net/tls/dns and of undici, possibly wrapped in `cause` or an AggregateError. */
function codesOf(err: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown): void => {
    if (!e || typeof e !== 'object' || seen.has(e)) return;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') out.push(code);
    // undici's HTTP parser errors may carry no code; their class name says it
    if ((e as { name?: unknown }).name === 'HTTPParserError') out.push('HPE_');
    if (e instanceof AggregateError) for (const inner of e.errors) visit(inner);
    visit((e as { cause?: unknown }).cause);
  };
  visit(err);
  return out;
}

function firstLine(s: string): string {
  return s.split(/\r?\n/, 1)[0]!.trim();
}

/**
 * Failures of the proxy itself: every connection of a proxied request goes to the proxy, so a refused or
 * timed-out connect is the proxy's; so is a CONNECT or SOCKS answer that is not a success.
 */
function describeProxyFailure(err: unknown, codes: string[], proxy: string, connectTimeoutMs: number): Described | null {
  const msg = err instanceof Error ? firstLine(err.message) : '';
  // the `socks` client passes socket errors on as text only
  const has = (c: string): boolean => codes.includes(c) || msg.includes(c);
  if (has('ECONNREFUSED')) return { reason: `proxy ${proxy} refused the connection`, retryable: true };
  if (has('UND_ERR_CONNECT_TIMEOUT') || has('ETIMEDOUT') || /^Proxy connection timed out/i.test(msg)) {
    return { reason: `proxy ${proxy}: connect timeout after ${formatDuration(connectTimeoutMs)}`, retryable: true };
  }
  if (has('ENOTFOUND') || has('EAI_AGAIN')) return { reason: `proxy ${proxy}: DNS lookup failed`, retryable: has('EAI_AGAIN') };
  const tunnel = /Proxy response \((\d+)\)/.exec(msg) ?? /Proxy Authentication Required \((\d+)\)/.exec(msg);
  if (tunnel) {
    const status = Number(tunnel[1]);
    if (status === 407) return { reason: `proxy ${proxy} requires authentication (HTTP 407)`, retryable: false };
    return { reason: `proxy ${proxy} could not reach the host (HTTP ${status} to CONNECT)`, retryable: status >= 500 };
  }
  // the `socks` client's errors say "Socks5 proxy rejected connection - HostUnreachable" and the like
  if ((err as { name?: unknown })?.name === 'SocksClientError' || /^Socks/i.test(msg)) {
    return { reason: `proxy ${proxy}: ${msg || 'SOCKS error'}`, retryable: true };
  }
  return null;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_OSSL_)/;

/**
 * Describes a network-level failure of one request. `timedOut` is set by the caller's total-timeout timer;
 * `proxy` (a label such as http://127.0.0.1:8080) when the request went through one.
 */
export function describeNetworkError(
  err: unknown,
  opts: { timedOut: boolean; timeoutMs: number; connectTimeoutMs: number; inBody?: boolean; proxy?: string | null },
): Described {
  if (opts.timedOut) return { reason: `timeout after ${formatDuration(opts.timeoutMs)}`, retryable: true };
  const codes = codesOf(err);
  const has = (c: string): boolean => codes.includes(c);
  if (opts.proxy && !opts.inBody) {
    const viaProxy = describeProxyFailure(err, codes, opts.proxy, opts.connectTimeoutMs);
    if (viaProxy) return viaProxy;
  }
  if (has('UND_ERR_CONNECT_TIMEOUT') || has('ETIMEDOUT')) {
    return { reason: `connect timeout after ${formatDuration(opts.connectTimeoutMs)}`, retryable: true };
  }
  if (has('UND_ERR_HEADERS_TIMEOUT') || has('UND_ERR_BODY_TIMEOUT')) {
    return { reason: `timeout after ${formatDuration(opts.timeoutMs)}`, retryable: true };
  }
  if (has('ECONNREFUSED')) return { reason: 'connection refused', retryable: true };
  if (has('ECONNRESET') || has('EPIPE') || has('UND_ERR_SOCKET')) {
    return { reason: opts.inBody ? 'connection closed before the body was complete' : 'connection reset', retryable: true };
  }
  if (has('UND_ERR_HEADERS_OVERFLOW') || has('HPE_HEADER_OVERFLOW')) return { reason: 'response headers too large', retryable: false };
  const parser = codes.find((c) => c.startsWith('HPE_'));
  if (parser) {
    const msg = err instanceof Error ? firstLine(err.message) : parser;
    const detail = /\(([^)]+)\)/.exec(msg)?.[1] ?? msg;
    return { reason: `invalid HTTP response: ${detail}`, retryable: false };
  }
  if (has('ENOTFOUND')) return { reason: 'DNS lookup failed', retryable: false };
  if (has('EAI_AGAIN')) return { reason: 'DNS lookup failed (temporary)', retryable: true };
  if (has('EHOSTUNREACH') || has('ENETUNREACH')) return { reason: 'host unreachable', retryable: true };
  const tls = codes.find((c) => TLS_CODE.test(c)) ?? (has('EPROTO') && err instanceof Error && /SSL|TLS/.test(err.message) ? 'EPROTO' : undefined);
  if (tls) {
    const msg = err instanceof Error ? firstLine(err.message) : tls;
    // OpenSSL's text is "…:SSL routines:function:reason:file:line:"; the reason is what a user can act on
    const openssl = /SSL routines:[^:]*:([^:]+)/.exec(msg)?.[1];
    return { reason: `TLS error: ${openssl ?? (msg || tls)}`, retryable: false };
  }
  if (has('UND_ERR_INVALID_ARG') || has('ERR_INVALID_URL') || has('ERR_INVALID_ARG_TYPE') || has('ERR_INVALID_CHAR')) {
    // e.g. a configured header with a newline in it
    return { reason: `invalid request: ${err instanceof Error ? firstLine(err.message) : String(err)}`, retryable: false };
  }
  const msg = err instanceof Error ? firstLine(err.message) : firstLine(String(err));
  return { reason: msg ? `network error: ${msg}` : 'network error', retryable: true };
}
