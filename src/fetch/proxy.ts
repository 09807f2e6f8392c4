// Which proxy a request goes through (dispatchers.ts makes the connection pool for it).
// The setting (per feed, else `fetch.proxy`, else the environment) is "none", an http(s):// proxy URL or a
// socks5:// one. The environment is HTTP_PROXY / HTTPS_PROXY / NO_PROXY, lower case first, as curl reads them.
// Resolved here rather than by undici's EnvHttpProxyAgent: an error must name the proxy a request went through,
// and that agent keeps its choice private. No undici here: config validation reads this file.

export const PROXY_SCHEMES = ['http:', 'https:', 'socks5:', 'socks5h:', 'socks:'];

/** Why a proxy setting is unusable, or null when it is fine ("none", or a proxy URL with a host). */
export function proxySettingProblem(value: string): string | null {
  if (value === 'none') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'expected none or a proxy URL such as http://127.0.0.1:8080 or socks5://127.0.0.1:1080';
  }
  if (!PROXY_SCHEMES.includes(url.protocol)) return `unsupported proxy scheme ${url.protocol} (use http://, https:// or socks5://)`;
  if (!url.hostname) return 'expected a proxy URL with a host, such as http://127.0.0.1:8080';
  return null;
}

/** A proxy URL as shown in messages: scheme, host and port, never credentials. */
export function proxyLabel(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

type Env = Record<string, string | undefined>;

function fromEnv(env: Env, name: string): string | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const v = env[key]?.trim();
    if (v) return v;
  }
  return undefined;
}

/** Whether NO_PROXY (comma- or space-separated hosts, `.suffix`, `*.suffix`, `host:port`, or `*`) exempts `target`. */
export function noProxyMatches(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[(.*)\](?=:\d+$|$)/, '$1'))!;
    if (m[2] && m[2] !== port) continue;
    const name = m[1]!.replace(/^\*?\./, '');
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * The proxy for one request, or null to connect directly. `setting` is the feed's or the config's value;
 * undefined means "from the environment".
 */
export function proxyFor(target: URL, setting: string | undefined, env: Env): URL | null {
  let chosen: string | undefined;
  if (setting !== undefined && setting !== '') {
    chosen = setting === 'none' ? undefined : setting;
  } else {
    if (noProxyMatches(target, fromEnv(env, 'no_proxy'))) return null;
    const http = fromEnv(env, 'http_proxy');
    chosen = target.protocol === 'https:' ? (fromEnv(env, 'https_proxy') ?? http) : http;
  }
  if (!chosen) return null;
  // a bare host:port in the environment means an http proxy, as curl takes it
  const url = URL.canParse(chosen) && /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? new URL(chosen) : new URL(`http://${chosen}`);
  return url;
}
