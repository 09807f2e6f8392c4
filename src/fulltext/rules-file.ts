// Loads site rules: the bundled data/fulltext-rules.yml, then the user's (config `fulltext.rules`: a file
// path or an inline mapping), a user's rule replacing a bundled one for the same host.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { FulltextConfig } from '../model.js';
import { rulesFromMapping, type SiteRule } from './site-rules.js';

export const BUNDLED_RULES_URL = new URL('../../../data/fulltext-rules.yml', import.meta.url);

export interface LoadedRules {
  rules: Map<string, SiteRule>;
  /** one line per file or entry that could not be used; the other rules still apply */
  problems: string[];
}

function readRulesFile(file: string | URL, label: string): LoadedRules {
  try {
    return rulesFromMapping(parseYaml(readFileSync(file, 'utf8')), label);
  } catch (err) {
    return { rules: new Map(), problems: [`${label}: ${String((err as Error).message ?? err).split('\n', 1)[0]}`] };
  }
}

export function loadSiteRules(cfg?: FulltextConfig): LoadedRules {
  const bundled = readRulesFile(BUNDLED_RULES_URL, 'data/fulltext-rules.yml');
  const user = cfg?.rulesFile ? readRulesFile(cfg.rulesFile, cfg.rulesFile) : cfg?.rules ? rulesFromMapping(cfg.rules, 'fulltext.rules') : null;
  if (!user) return bundled;
  return { rules: new Map([...bundled.rules, ...user.rules]), problems: [...bundled.problems, ...user.problems] };
}
