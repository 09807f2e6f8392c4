// Per-feed filters: `keep` rules must all match, any matching `drop` rule drops the item.
import type { Entry, FilterRule } from '../model.js';
import { htmlToPlainText } from './text.js';

type Field = FilterRule['fields'][number];

function fieldTexts(entry: Entry, field: Field, title: string): string[] {
  switch (field) {
    case 'title': return [title];
    case 'content': return [htmlToPlainText(entry.content ?? entry.summary ?? '')];
    case 'author': return entry.authors.map((a) => a.name ?? a.email ?? '').filter((s) => s !== '');
    case 'category': return entry.categories;
  }
}

function ruleMatches(rule: FilterRule, entry: Entry, title: string): boolean {
  const fields: Field[] = rule.fields.length > 0 ? rule.fields : ['title', 'content', 'author', 'category'];
  for (const field of fields) {
    for (const text of fieldTexts(entry, field, title)) {
      for (const re of rule.patterns) {
        re.lastIndex = 0; // patterns compiled with /g or /y keep state between calls
        if (re.test(text)) return true;
      }
    }
  }
  return false;
}

/** Whether the entry survives the feed's filters. `title` is the plain-text title. */
export function passesFilters(rules: FilterRule[], entry: Entry, title: string): boolean {
  for (const rule of rules) {
    const m = ruleMatches(rule, entry, title);
    if (rule.action === 'drop' && m) return false;
    if (rule.action === 'keep' && !m) return false;
  }
  return true;
}
