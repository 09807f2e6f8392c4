// Site rules: which element of a site's article pages holds the article, and what inside it to drop.
// A rule is found by the page's host, then by each parent domain (www.ithome.com → ithome.com).
// Pure: the bundled file and users' rules are read by rules-file.ts and handed in as a map.

export interface SiteRule {
  /** CSS selector of the article element; the first match wins */
  selector: string;
  /** CSS selectors removed inside the article */
  remove: string[];
}

export type SiteRules = ReadonlyMap<string, SiteRule>;

/** The rule for a page URL: its host, else the nearest parent domain with a rule (at least two labels). */
export function findRule(rules: SiteRules, pageUrl: string): SiteRule | null {
  let host: string;
  try {
    host = new URL(pageUrl).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return null;
  }
  for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) {
    const rule = rules.get(h);
    if (rule) return rule;
  }
  return null;
}

/**
 * Reads rules from a parsed YAML/JSON mapping `{ host: { selector, remove } }` (a bare string is a selector).
 * Returns the rules and one line per entry that was skipped, naming where and why.
 */
export function rulesFromMapping(data: unknown, origin: string): { rules: Map<string, SiteRule>; problems: string[] } {
  const rules = new Map<string, SiteRule>();
  const problems: string[] = [];
  if (data === null || data === undefined) return { rules, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push(`${origin}: expected a mapping of host names to rules`);
    return { rules, problems };
  }
  for (const [rawHost, value] of Object.entries(data as Record<string, unknown>)) {
    const host = rawHost.trim().toLowerCase().replace(/^\*\./, '');
    const rule = toRule(value);
    if (typeof rule === 'string') problems.push(`${origin}: ${rawHost}: ${rule}`);
    else rules.set(host, rule);
  }
  return { rules, problems };
}

function toRule(value: unknown): SiteRule | string {
  if (typeof value === 'string') return value.trim() ? { selector: value.trim(), remove: [] } : 'empty selector';
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'expected {selector, remove}';
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).filter((k) => k !== 'selector' && k !== 'remove');
  if (unknown.length > 0) return `unknown key ${unknown[0]} (expected selector, remove)`;
  if (typeof v.selector !== 'string' || !v.selector.trim()) return 'selector: expected a CSS selector';
  const remove = v.remove === undefined ? [] : typeof v.remove === 'string' ? [v.remove] : v.remove;
  if (!Array.isArray(remove) || remove.some((s) => typeof s !== 'string' || !s.trim())) return 'remove: expected a list of CSS selectors';
  return { selector: v.selector.trim(), remove: (remove as string[]).map((s) => s.trim()) };
}
