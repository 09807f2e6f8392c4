// Atom 1.0 (RFC 4287) and 0.3: the feed and entry elements the model reads, person constructs, text
// constructs (`type`, 0.3's `mode`) and link relations.
import { A, type Vocabulary } from '../xml/actions.js';
import { ATOM03_NS } from '../xml-reader.js';

export const ATOM: Vocabulary = {
  feed: [
    ['atom:title', A.Title], ['atom:link', A.Link], ['atom:subtitle', A.Description], ['atom:tagline', A.Description],
    ['atom:updated', A.Updated], ['atom:modified', A.Updated], ['atom:author', A.AtomAuthor], ['atom:logo', A.AtomLogo],
    ['atom:icon', A.AtomIcon], ['atom:contributor', A.Skip],
  ],
  item: [
    ['atom:title', A.Title], ['atom:link', A.Link], ['atom:id', A.Id], ['atom:published', A.Published],
    ['atom:issued', A.Published], ['atom:updated', A.Updated], ['atom:modified', A.Updated], ['atom:author', A.AtomAuthor],
    ['atom:category', A.AtomCategory], ['atom:summary', A.Summary], ['atom:content', A.Content],
    ['atom:source', A.Skip], ['atom:contributor', A.Skip],
  ],
};

/** Whether the root element is an Atom `<feed>` (a `<feed>` in no or an unknown namespace is read as Atom too). */
export function isAtomRoot(key: string, local: string, plain: boolean): boolean {
  return key === 'atom:feed' || (local === 'feed' && plain);
}

export function atomVersion(ns: string, version: string | undefined): string {
  return ns === ATOM03_NS || version === '0.3' ? '0.3' : '1.0';
}

const PERSON_CHILD = new Set(['atom:name', 'atom:email', 'atom:uri', 'atom:url', 'atom:homepage', 'name', 'email', 'uri', 'url', 'homepage']);

/** Whether an element inside `<author>` is one of the person construct's fields. */
export function isPersonField(key: string): boolean {
  return PERSON_CHILD.has(key);
}

export type TextType = 'text' | 'html' | 'xhtml' | 'guess';

/** Text construct type from a `type` attribute: Atom's text/html/xhtml or a MIME type; RSS and others: guessed. */
export function textType(key: string, type: string | undefined): TextType {
  const atom = key.startsWith('atom:');
  const t = type?.trim().toLowerCase();
  if (t) {
    if (t === 'xhtml' || t === 'application/xhtml+xml') return 'xhtml';
    if (t === 'html' || t === 'text/html' || t === 'escaped-html') return 'html';
    if (t === 'text' || t === 'text/plain') return atom ? 'text' : 'guess';
  }
  if (atom) return 'text';
  return 'guess';
}

const SLASH = /\//;
const TEXTUAL_MIME = /^text\/|xml|html|json|javascript/i;

/** Whether `<content type="…">` names a binary MIME type (its text is then base64). */
export function isBinaryContentType(type: string): boolean {
  return SLASH.test(type) && !TEXTUAL_MIME.test(type.trim());
}

const ALTERNATE_IANA = 'http://www.iana.org/assignments/relation/alternate';
const HTML_TYPE = /html/i;

export const REL_SELF = -1;
export const REL_ENCLOSURE = -2;
export const REL_OTHER = 0;

/**
 * What a `<link rel>` is to the model: an alternate (the item's page) as its rank, 3 for HTML and 2 for other
 * types (the first of the best rank wins), or REL_SELF (the feed itself), REL_ENCLOSURE or REL_OTHER.
 */
export function linkRelation(rel: string | undefined, type: string | null): number {
  const r = (rel ?? 'alternate').trim().toLowerCase();
  if (r === 'alternate' || r === ALTERNATE_IANA) return !type || HTML_TYPE.test(type) ? 3 : 2;
  return r === 'self' ? REL_SELF : r === 'enclosure' ? REL_ENCLOSURE : REL_OTHER;
}
