// feedmill status: the health of every configured feed, from the state store.
import type { FeedHealth } from '../../model.js';
import { loadConfigForCli } from '../config-file.js';
import { EXIT } from '../exit.js';
import { formatTime, table, truncate } from '../text.js';

export interface FeedStatus {
  key: string;
  url: string;
  categories: string[];
  /** ISO times or null */
  lastSuccess: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  failures: number;
  /** null: due now */
  nextAttempt: string | null;
  gone: boolean;
  permanentRedirect: string | null;
  itemsKnown: number;
  /** false when the feed has never been run */
  known: boolean;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export async function statusCommand(opts: { config: string; json?: boolean }): Promise<number> {
  const config = await loadConfigForCli(opts.config);
  const { resolveSources } = await import('../../config/sources.js');
  const sources = await resolveSources(config, { offline: true });
  const healths = new Map<string, FeedHealth>();
  const { openStore, stateExists } = await import('../../store/index.js');
  // A missing state file means nothing has run yet: do not create one just to look.
  if (stateExists(config.state)) {
    const store = await openStore(config.state);
    try {
      for (const h of await store.listFeeds()) healths.set(h.key, h);
    } finally {
      await store.close();
    }
  }
  const now = Date.now();
  const statuses: FeedStatus[] = sources.map((s) => {
    const h = healths.get(s.key);
    return {
      key: s.key,
      url: s.url,
      categories: s.categories,
      lastSuccess: iso(h?.lastSuccess ?? null),
      lastError: h?.lastError ?? null,
      lastErrorAt: iso(h?.lastErrorAt ?? null),
      failures: h?.failures ?? 0,
      nextAttempt: h && h.nextAttempt !== null && h.nextAttempt > now ? iso(h.nextAttempt) : null,
      gone: h?.gone ?? false,
      permanentRedirect: h?.permanentRedirect ?? null,
      itemsKnown: h?.itemsKnown ?? 0,
      known: h !== undefined,
    };
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
    return EXIT.ok;
  }
  const tz = config.timezone;
  const rows = statuses.map((s) => {
    const h = healths.get(s.key);
    const next = !s.known ? 'next run' : s.gone ? 'never (gone)' : s.nextAttempt === null ? 'next run' : formatTime(h!.nextAttempt, tz);
    let error = s.lastError === null ? '-' : `${formatTime(h!.lastErrorAt, tz)} ${s.lastError}`;
    if (s.permanentRedirect) error += ` (moved to ${s.permanentRedirect})`;
    return [
      truncate(s.key, 48),
      s.known ? formatTime(h!.lastSuccess, tz) : 'never run',
      String(s.failures),
      next,
      String(s.itemsKnown),
      error,
    ];
  });
  const lines = table(['FEED', 'LAST SUCCESS', 'FAILURES', 'NEXT ATTEMPT', 'ITEMS', 'LAST ERROR'], rows, [
    'left',
    'left',
    'right',
    'left',
    'right',
    'left',
  ]);
  const failing = statuses.filter((s) => s.failures > 0 || s.gone).length;
  lines.push(`${statuses.length} feeds · ${failing} failing · times in ${tz}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
