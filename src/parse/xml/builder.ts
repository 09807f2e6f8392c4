// The XML feed builder: a small state machine over XmlReader events that fills the model directly for RSS,
// RDF and Atom alike. One builder rather than one per format, because real feeds mix vocabularies (atom:link
// and media:* in RSS items, dc:* everywhere); each format's own elements and rules live in its folder
// (rss/, atom/, rdf/) and the shared modules in modules.ts. No document tree is built; only the text of
// elements the model reads is collected.
import type { Entry, FeedDocument, FeedFormat, Person } from '../../model.js';
import { parseDate, type DateContext } from '../dates.js';
import { escapeAttr, escapeHtml, textToHtml } from '../html-text.js';
import { DETACH_MAX_DOC, detach, detachEntry, detachFeed } from '../detach.js';
import { TENURE_MIN, tenure } from '../tenure.js';
import { joinBase, resolveHtmlUrls, resolveUrl } from '../urls.js';
import { XmlReader, isVoidHtml, type Attr, type Element, type XmlSink } from '../xml-reader.js';
import { A } from './actions.js';
import { descriptionValue, htmlValue, plainText, type Capture } from './capture.js';
import { MODULES, isImageMedia } from './modules.js';
import { ATOM, REL_ENCLOSURE, REL_SELF, atomVersion, isAtomRoot, isBinaryContentType, isPersonField, linkRelation, textType, type TextType } from '../atom/elements.js';
import { RDF, isRdfRoot, isRss090 } from '../rdf/elements.js';
import { RSS, rssRoot } from '../rss/elements.js';
import { enclosureLength, isPermalinkGuid, parsePerson } from '../rss/adapt.js';
import { EMPTY_PERSONS, append, finishItem, mergePersons, newItemAcc, type ItemAcc } from './item.js';

// Actions for elements at feed level (FEED) and item level (ITEM), all vocabularies in one lookup.
const FEED: Map<string, A> = new Map([...RSS.feed, ...RDF.feed, ...ATOM.feed, ...MODULES.feed]);
const ITEM: Map<string, A> = new Map([...RSS.item, ...RDF.item, ...ATOM.item, ...MODULES.item]);

interface PersonAcc {
  person: Person;
  depth: number;
  target: 'feed' | 'item';
}

export interface XmlParseResult {
  doc: FeedDocument | null;
  /** what the root element was when no feed was found (for the error message) */
  rootName: string | null;
}

export class XmlFeedBuilder implements XmlSink {
  capturing = false;
  private depth = 0;
  private format: FeedFormat | null = null;
  private version: string | null = null;
  private containerDepth = 0;
  private item: ItemAcc | null = null;
  private itemDepth = 0;
  private skipDepth = 0;
  private imageDepth = 0;
  private cap: Capture | null = null;
  private readonly capRecord: Capture = {
    action: A.None, el: null as unknown as Element, depth: 0, text: '', markup: '', mixed: false, type: 'text', base64: false, divDepth: -1, person: false, slice: false,
  };
  /**
   * copy what an item keeps out of the document text when the item ends (a small document, or one read in
   * windows): the copies go to old space (tenure.ts) and the rest of the item dies young
   */
  detachItems = false;
  /** a document its caller drops at once (ParseOptions.shortLived): nothing is copied out, slices stay */
  keepSlices = false;
  private person: PersonAcc | null = null;
  private rootName: string | null = null;
  private rdf090 = false;

  // feed accumulators
  private title: string | null = null;
  private titleDc: string | null = null;
  private link: string | null = null;
  private linkRank = 0;
  private feedUrl: string | null = null;
  private description: string | null = null;
  private descriptionAlt: string | null = null;
  private language: string | null = null;
  private image: string | null = null;
  private imageRank = 0;
  private updatedRaw: string | null = null;
  private ttl: number | null = null;
  private truncated = false;
  private updatedAltRaw: string | null = null;
  private authors: Person[] = [];
  private authorsAlt: Person[] = [];
  /** finished items; their published/updated hold the raw dates and image/links are not yet fixed (see result()) */
  private entries: Entry[] = [];
  /** the item accumulator, reused for every item (only the entry outlives its item) */
  private readonly itemRecord: ItemAcc = newItemAcc();
  bozoReason: string | null = null;
  private authorsLow: Person[] = [];
  reader: XmlReader | null = null;

  constructor(private readonly dateCtx: DateContext, private readonly docUrl: string | null) {}

  bozo(reason: string, cut = false): void {
    this.bozoReason ??= reason;
    if (cut) this.truncated = true;
  }

  start(el: Element, selfClosing: boolean): void {
    const depth = ++this.depth;
    const cap = this.cap;
    if (cap !== null) {
      this.captureChildStart(cap, el, depth, selfClosing);
      return;
    }
    if (this.skipDepth) return;
    const key = el.name.key;
    if (this.format === null) {
      this.detectRoot(el, key, depth);
      return;
    }
    if (this.person !== null) {
      this.personStart(key, el, depth);
      return;
    }
    if (this.item !== null) {
      this.itemStart(this.item, key, el, depth);
      return;
    }
    if (key === 'item' || key === 'atom:entry') {
      if (isRss090(el.name.ns)) this.rdf090 = true;
      this.startItem(el, depth);
      return;
    }
    if (key === 'channel') {
      if (isRss090(el.name.ns)) this.rdf090 = true;
      this.containerDepth = depth;
      if (el.lang && !this.language) this.language = el.lang.replace(/_/g, '-');
      return;
    }
    if (this.imageDepth) {
      if (key === 'url' && depth === this.imageDepth + 1) this.startCapture(A.Image, el, depth, 'text');
      return;
    }
    if (depth !== this.containerDepth + 1) {
      if (key === 'image' && this.format === 'rdf') this.imageDepth = depth;
      return;
    }
    const action = FEED.get(key);
    if (action === undefined) return;
    this.feedStart(action, el, depth);
  }

  text(t: string, slice: boolean): void {
    const cap = this.cap!;
    cap.slice = cap.text === '' && slice;
    cap.text += t;
    if (cap.mixed) cap.markup += escapeHtml(t);
  }

  end(el: Element, truncated: boolean): void {
    const depth = this.depth--;
    const cap = this.cap;
    if (cap !== null) {
      if (depth === cap.depth) {
        this.cap = null;
        this.capturing = false;
        this.finishCapture(cap);
        cap.text = cap.markup = '';
      } else if (cap.mixed && depth !== cap.divDepth && !isVoidHtml(el.name.local)) {
        cap.markup += '</' + el.name.local + '>';
      }
      return;
    }
    if (this.skipDepth) {
      if (depth === this.skipDepth) this.skipDepth = 0;
      return;
    }
    if (this.person !== null && depth === this.person.depth) {
      this.finishPerson(this.person);
      this.person = null;
      return;
    }
    if (depth === this.imageDepth) this.imageDepth = 0;
    if (this.item !== null && depth === this.itemDepth) {
      if (!truncated) {
        const e = finishItem(this.item);
        if (this.detachItems) {
          detachEntry(e);
          e.published = detach(e.published);
          e.updated = detach(e.updated);
        }
        this.entries.push(e);
      }
      this.item = null;
    }
  }

  // ───────────── root ─────────────

  private detectRoot(el: Element, key: string, depth: number): void {
    this.rootName ??= el.name.local;
    const ns = el.name.ns;
    const local = el.name.local.toLowerCase();
    // a root in no namespace or an unknown one is read by its local name (feedparser does the same)
    const plain = key === local || key.charCodeAt(0) === 123;
    let format: FeedFormat | null = null;
    const rss = rssRoot(local, plain);
    if (rss === 'rss') {
      format = 'rss';
      this.version = attr(el.attrs, 'version')?.trim() || null;
      if (ns) this.reader?.aliasNamespace(ns, '');
    } else if (isRdfRoot(key)) {
      format = 'rdf';
      if (isRss090(this.reader?.lookupPrefix(''))) this.rdf090 = true;
    } else if (isAtomRoot(key, local, plain)) {
      format = 'atom';
      this.version = atomVersion(ns, attr(el.attrs, 'version')?.trim());
      if (key !== 'atom:feed') this.reader?.aliasNamespace(ns, 'atom');
    } else if (rss === 'channel') {
      format = 'rss';
      this.version = null;
      if (isRss090(ns)) {
        format = 'rdf';
        this.rdf090 = true;
      }
    }
    if (!format) return;
    this.format = format;
    this.containerDepth = depth;
    if (el.lang) this.language = el.lang.replace(/_/g, '-');
  }

  // ───────────── feed level ─────────────

  private feedStart(action: A, el: Element, depth: number): void {
    switch (action) {
      case A.Link:
        if (el.attrs !== null && attr(el.attrs, 'href') !== undefined) this.atomLink(el, null, depth);
        else if (el.name.key === 'link') this.startCapture(A.Link, el, depth, 'text');
        return;
      case A.AtomAuthor:
        this.person = { person: { name: null, email: null, url: null }, depth, target: 'feed' };
        return;
      case A.Image:
        if (el.attrs && attr(el.attrs, 'rdf:resource') !== undefined && this.format === 'rdf') return; // reference only
        this.imageDepth = depth;
        return;
      case A.ItunesImage: {
        const href = attr(el.attrs, 'href') ?? attr(el.attrs, 'url');
        if (href) this.setFeedImage(resolveUrl(href, el.base), 2);
        else this.startCapture(A.ItunesImage, el, depth, 'text');
        return;
      }
      case A.Skip:
        this.skipDepth = depth;
        return;
      case A.MediaContent: case A.MediaThumbnail: {
        const url = attr(el.attrs, 'url');
        if (url && (action === A.MediaThumbnail || isImageMedia(attr(el.attrs, 'medium'), attr(el.attrs, 'type'), url))) this.setFeedImage(resolveUrl(url, el.base), 1);
        return;
      }
      case A.Title: case A.Description:
        this.startCapture(action, el, depth, textType(el.name.key, attr(el.attrs, 'type')));
        return;
      default:
        this.startCapture(action, el, depth, 'text');
    }
  }

  private setFeedImage(url: string, rank: number): void {
    if (url && rank > this.imageRank) {
      this.image = url;
      this.imageRank = rank;
    }
  }

  // ───────────── items ─────────────

  private startItem(el: Element, depth: number): void {
    const entry: Entry = {
      id: null, title: null, link: null, published: null, updated: null, authors: [], categories: [],
      summary: null, content: null, enclosures: [], image: null,
    };
    const about = attr(el.attrs, 'rdf:about');
    if (about) entry.id = about.trim();
    const it = this.itemRecord;
    it.entry = entry;
    it.publishedRaw = it.updatedRaw = it.updatedAltRaw = it.titleDc = it.titleLow = it.idAlt = it.guid = null;
    it.guidPermalink = false;
    it.linkRank = 0;
    it.summaryAlt = it.thumb = it.mediaImage = it.itunesImage = it.mediaDesc = null;
    it.authorsAlt = EMPTY_PERSONS;
    this.item = it;
    this.itemDepth = depth;
  }

  private itemStart(it: ItemAcc, key: string, el: Element, depth: number): void {
    const action = ITEM.get(key);
    if (action === undefined) return;
    const direct = depth === this.itemDepth + 1;
    switch (action) {
      case A.MediaContent: {
        const url = attr(el.attrs, 'url');
        if (url && !it.mediaImage && isImageMedia(attr(el.attrs, 'medium'), attr(el.attrs, 'type'), url)) it.mediaImage = resolveUrl(url, el.base);
        return;
      }
      case A.MediaThumbnail: {
        const url = attr(el.attrs, 'url');
        if (url && !it.thumb) it.thumb = resolveUrl(url, el.base);
        return;
      }
      case A.MediaGroup:
        return;
      case A.MediaDescription:
        if (it.mediaDesc === null) this.startCapture(A.MediaDescription, el, depth, attr(el.attrs, 'type')?.trim().toLowerCase() === 'html' ? 'html' : 'text');
        return;
    }
    if (!direct) return;
    const entry = it.entry;
    switch (action) {
      case A.Link:
        if (el.attrs !== null && attr(el.attrs, 'href') !== undefined) this.atomLink(el, it, depth);
        else if (key === 'link') this.startCapture(A.Link, el, depth, 'text');
        return;
      case A.Enclosure: {
        const url = attr(el.attrs, 'url');
        if (url && url.trim()) entry.enclosures = append(entry.enclosures, { url: resolveUrl(url, el.base), type: nonEmpty(attr(el.attrs, 'type')), length: enclosureLength(attr(el.attrs, 'length')) });
        return;
      }
      case A.AtomAuthor:
        this.person = { person: { name: null, email: null, url: null }, depth, target: 'item' };
        return;
      case A.AtomCategory: {
        const term = attr(el.attrs, 'term');
        if (term !== undefined) {
          if (term.trim()) entry.categories = append(entry.categories, term.trim());
        } else this.startCapture(A.Category, el, depth, 'text');
        return;
      }
      case A.ItunesImage: {
        const href = attr(el.attrs, 'href') ?? attr(el.attrs, 'url');
        if (href) it.itunesImage ??= resolveUrl(href, el.base);
        else this.startCapture(A.ItunesImage, el, depth, 'text');
        return;
      }
      case A.ItunesLink: {
        const href = attr(el.attrs, 'href');
        if (href && attr(el.attrs, 'rel') === 'image') it.itunesImage ??= resolveUrl(href, el.base);
        return;
      }
      case A.Guid:
        it.guidPermalink = isPermalinkGuid(attr(el.attrs, 'isPermaLink') ?? attr(el.attrs, 'ispermalink'));
        this.startCapture(A.Guid, el, depth, 'text');
        return;
      case A.Skip:
        this.skipDepth = depth;
        return;
      case A.Title: case A.Summary: case A.Content:
        this.startCapture(action, el, depth, textType(el.name.key, attr(el.attrs, 'type')));
        return;
      default:
        this.startCapture(action, el, depth, 'text');
    }
  }

  /** `<atom:link>` (or an RSS `<link href>`): alternate → link, self → feedUrl, enclosure → enclosures. */
  private atomLink(el: Element, it: ItemAcc | null, depth: number): void {
    const attrs = el.attrs;
    const href = attr(attrs, 'href');
    this.skipDepth = depth; // ignore any content
    if (href === undefined) return;
    const type = nonEmpty(attr(attrs, 'type'));
    const rank = linkRelation(attr(attrs, 'rel'), type);
    const url = resolveUrl(href, el.base);
    if (rank > 0) {
      if (it) {
        if (rank > it.linkRank) {
          it.entry.link = url;
          it.linkRank = rank;
        }
      } else if (rank > this.linkRank) {
        this.link = url;
        this.linkRank = rank;
      }
    } else if (rank === REL_SELF) {
      if (!it && !this.feedUrl) this.feedUrl = url;
    } else if (rank === REL_ENCLOSURE) {
      if (it && href.trim()) it.entry.enclosures = append(it.entry.enclosures, { url, type, length: enclosureLength(attr(attrs, 'length')) });
    }
  }

  // ───────────── persons ─────────────

  private personStart(key: string, el: Element, depth: number): void {
    if (depth !== this.person!.depth + 1) return;
    if (isPersonField(key)) {
      this.startCapture(A.None, el, depth, 'text');
      this.cap!.person = true;
    }
  }

  private finishPerson(p: PersonAcc): void {
    const person = p.person;
    if (!person.name && !person.email && !person.url) return;
    if (p.target === 'feed') this.authors.push(person);
    else if (this.item) this.item.entry.authors = append(this.item.entry.authors, person);
  }

  // ───────────── text capture ─────────────

  private startCapture(action: A, el: Element, depth: number, type: TextType): void {
    let base64 = false;
    if (el.attrs) {
      const mode = attr(el.attrs, 'mode');
      if (mode === 'base64') base64 = true;
      else if (mode === 'xml' && type !== 'xhtml') type = 'xhtml';
      else if (mode === 'escaped' && type === 'text' && this.version === '0.3') type = 'html';
      const t = attr(el.attrs, 'type');
      if (t && !base64 && action === A.Content && isBinaryContentType(t)) base64 = true;
    }
    // one capture is active at a time: its record is reused (fewer allocations, less GC on big feeds)
    const cap = this.capRecord;
    cap.action = action;
    cap.el = el;
    cap.depth = depth;
    cap.text = '';
    cap.markup = '';
    cap.mixed = false;
    cap.type = type;
    cap.base64 = base64;
    cap.divDepth = -1;
    cap.person = false;
    cap.slice = false;
    this.cap = cap;
    this.capturing = true;
  }

  private captureChildStart(cap: Capture, el: Element, depth: number, selfClosing: boolean): void {
    if (!cap.mixed) {
      cap.mixed = true;
      cap.markup = escapeHtml(cap.text);
    }
    const local = el.name.local;
    if (cap.type === 'xhtml' && cap.divDepth < 0 && depth === cap.depth + 1 && local.toLowerCase() === 'div' && !cap.markup.trim()) {
      cap.divDepth = depth;
      cap.markup = '';
      return;
    }
    let tag = '<' + local;
    const attrs = el.attrs;
    if (attrs) for (let k = 0; k < attrs.length; k++) {
      const a = attrs[k];
      if (a.key === 'xml:base' || a.key === 'xml:lang') continue;
      tag += ' ' + (a.key.charCodeAt(0) === 123 ? a.key.slice(a.key.indexOf('}') + 1) : a.key) + '="' + escapeAttr(a.value) + '"';
    }
    cap.markup += selfClosing || isVoidHtml(local) ? tag + ' />' : tag + '>';
  }

  private finishCapture(cap: Capture): void {
    const el = cap.el;
    if (cap.person) {
      const p = this.person!.person;
      const v = cap.text.trim() || null;
      const k = el.name.local.toLowerCase();
      if (k === 'name') p.name = v;
      else if (k === 'email') p.email = v;
      else if (v) p.url = resolveUrl(v, el.base);
      return;
    }
    const it = this.item;
    switch (cap.action) {
      case A.Title: case A.TitleDc: case A.TitleLow: {
        const t = plainText(cap);
        if (it) {
          if (cap.action === A.Title) it.entry.title ??= t;
          else if (cap.action === A.TitleDc) it.titleDc ??= t;
          else it.titleLow ??= t;
        } else if (cap.action === A.Title) this.title ??= t;
        else if (cap.action === A.TitleDc) this.titleDc ??= t;
        return;
      }
      case A.Link: {
        const v = cap.text.trim();
        if (!v) return;
        const url = resolveUrl(v, el.base);
        if (it) {
          if (it.linkRank < 4) {
            it.entry.link = url;
            it.linkRank = 4;
          }
        } else if (this.linkRank < 4) {
          this.link = url;
          this.linkRank = 4;
        }
        return;
      }
      case A.Description: {
        const v = it ? htmlValue(cap) : descriptionValue(cap);
        this.description ??= v;
        return;
      }
      case A.DescriptionAlt: {
        const v = cap.mixed ? cap.markup : cap.text;
        if (it) it.summaryAlt ??= nonEmpty(v);
        else this.descriptionAlt ??= nonEmpty(v);
        return;
      }
      case A.Language:
        this.language ??= nonEmpty(cap.text.trim().replace(/_/g, '-'));
        return;
      case A.Ttl: {
        // RSS 2.0 <ttl>: minutes the channel may be cached
        const minutes = /^\d{1,6}$/.test(cap.text.trim()) ? Number(cap.text.trim()) : null;
        if (!it) this.ttl ??= minutes;
        return;
      }
      case A.Updated: case A.UpdatedAlt: {
        const v = nonEmpty(cap.text.trim());
        if (!v) return;
        // a later element of the same kind wins (feedparser overwrites, too)
        if (it) {
          if (cap.action === A.Updated) it.updatedRaw = v;
          else it.updatedAltRaw = v;
        } else if (cap.action === A.Updated) this.updatedRaw = v;
        else this.updatedAltRaw = v;
        return;
      }
      case A.Published: {
        const v = nonEmpty(cap.text.trim());
        if (it && v) it.publishedRaw = v;
        return;
      }
      case A.Author: case A.AuthorAlt: case A.AuthorLow: {
        const p = parsePerson(cap.text);
        if (!p) return;
        if (it) {
          if (cap.action === A.Author) it.entry.authors = append(it.entry.authors, p);
          else it.authorsAlt = append(it.authorsAlt, p);
        } else (cap.action === A.Author ? this.authors : cap.action === A.AuthorAlt ? this.authorsAlt : this.authorsLow).push(p);
        return;
      }
      case A.Image: {
        const v = cap.text.trim();
        if (v) this.setFeedImage(resolveUrl(v, el.base), 3);
        return;
      }
      case A.AtomLogo: {
        const v = cap.text.trim();
        if (v) this.setFeedImage(resolveUrl(v, el.base), 3);
        return;
      }
      case A.AtomIcon: {
        const v = cap.text.trim();
        if (v) this.setFeedImage(resolveUrl(v, el.base), 1);
        return;
      }
      case A.ItunesImage: {
        const v = cap.text.trim();
        if (!v) return;
        if (it) it.itunesImage ??= resolveUrl(v, el.base);
        else this.setFeedImage(resolveUrl(v, el.base), 2);
        return;
      }
      case A.Guid: case A.Id: case A.IdAlt: {
        if (!it) return;
        const v = (cap.mixed ? cap.markup : cap.text).trim();
        if (!v) return;
        if (cap.action === A.Guid) {
          it.guid = v;
          it.entry.id = v;
        } else if (cap.action === A.Id) it.entry.id = el.xmlBase || this.docUrl ? resolveUrl(v, el.base) : v; // Atom ids are IRIs
        else it.idAlt ??= v;
        return;
      }
      case A.Summary: case A.Content: {
        if (!it) return;
        let v = htmlValue(cap);
        const entry = it.entry;
        if (el.xmlBase && v !== null) v = resolveHtmlUrls(v, el.base); // xml:base applies to the markup it covers
        // A long body goes straight to old space as it is made (tenure.ts), unless it is a slice of a big text
        // kept whole (that costs nothing: the text is alive during the parse anyway).
        if (v !== null && v.length >= TENURE_MIN && !this.keepSlices && (this.detachItems || !(cap.slice && v === cap.text))) v = tenure(v);
        if (cap.action === A.Summary) {
          if (entry.summary === null) entry.summary = v;
        } else if (entry.content === null) entry.content = v;
        if (el.xmlBase && v !== null) entry.contentBase ??= el.base;
        return;
      }
      case A.MediaDescription: {
        if (!it) return;
        // type="plain" (the default) is text: escaped, its paragraphs and line breaks kept
        it.mediaDesc ??= cap.type === 'text' && !cap.mixed && !cap.base64 ? (NON_BLANK.test(cap.text) ? textToHtml(cap.text) : null) : htmlValue(cap);
        return;
      }
      case A.Category: {
        if (!it) return;
        const v = (cap.mixed ? cap.markup : cap.text).trim();
        if (v) it.entry.categories = append(it.entry.categories, v);
        return;
      }
    }
  }

  // ───────────── result ─────────────

  result(): XmlParseResult {
    if (!this.format) return { doc: null, rootName: this.rootName };
    const ctx: DateContext = { timezone: this.dateCtx.timezone, language: this.language ?? this.dateCtx.language };
    // Without a document URL or xml:base, relative URLs resolve against the feed's own URL (rel="self", the
    // document URL as the feed states it), else the feed's link.
    const self = this.feedUrl && /^https?:/i.test(this.feedUrl) ? this.feedUrl : null;
    const link = this.link && self ? resolveUrl(this.link, self) : this.link;
    const fb = self ?? (link && /^https?:/i.test(link) ? link : null);
    const fix = (u: string | null): string | null => (u && fb ? resolveUrl(u, fb) : u);
    const items = this.entries;
    for (let k = 0; k < items.length; k++) {
      const e = items[k];
      // (published/updated hold the raw dates here)
      e.published = e.published !== null ? parseDate(e.published, ctx) : null;
      e.updated = e.updated !== null ? parseDate(e.updated, ctx) : null;
      if (fb) {
        e.link = fix(e.link);
        for (const enc of e.enclosures) enc.url = fix(enc.url)!;
        for (const a of e.authors) a.url = fix(a.url);
      }
      e.image = fix(e.image);
    }
    let version = this.version;
    if (this.format === 'rdf') version = this.rdf090 ? '0.9' : '1.0';
    const authors = this.authors.length ? this.authors : this.authorsAlt.length ? this.authorsAlt : this.authorsLow;
    if (fb) for (const a of authors) a.url = fix(a.url);
    if (this.authors.length) mergePersons(authors, this.authorsAlt);
    const updatedRaw = this.updatedRaw ?? this.updatedAltRaw;
    const doc: FeedDocument = {
      format: this.format,
      version,
      title: this.title ?? this.titleDc,
      link,
      feedUrl: this.feedUrl,
      description: this.description ?? (this.descriptionAlt !== null ? this.descriptionAlt.trim() || null : null),
      language: this.language,
      image: fix(this.image),
      updated: updatedRaw ? parseDate(updatedRaw, ctx) : null,
      authors,
      items,
      bozo: this.bozoReason !== null,
    };
    if (this.bozoReason !== null) doc.bozoReason = this.bozoReason;
    if (this.ttl !== null) doc.ttlMinutes = this.ttl;
    if (this.truncated) doc.truncated = true;
    return { doc, rootName: this.rootName };
  }
}

/**
 * Runs the reader and builder over decoded text, or with `text === null` over the latin1 view of `asciiBytes`
 * or `utf8Bytes` read in windows (big documents: see XmlReader).
 */
export function parseXmlFeed(
  text: string | null,
  url: string | null,
  dateCtx: DateContext,
  asciiBytes: Buffer | null = null,
  utf8Bytes: Buffer | null = null,
  windowSize?: number,
  shortLived = false,
): XmlParseResult {
  const builder = new XmlFeedBuilder(dateCtx, url);
  builder.keepSlices = shortLived;
  // what results keep is copied out as each item ends (detach.ts): nothing may keep a window alive, and a
  // small text dies with the parse; a text of 1 MB or more is alive during the parse anyway, its slices stay; and
  // a document dropped right after use keeps them all (copying cost a run's document worker ~5% of its time)
  builder.detachItems = !shortLived && (text === null || text.length < DETACH_MAX_DOC);
  // joinBase itself, not a fresh closure per parse: optimized code that inlined a per-parse closure would be
  // thrown away ("weak objects" deopt) after each GC
  const reader = new XmlReader(text, builder, url, joinBase, asciiBytes, utf8Bytes, windowSize);
  builder.reader = reader;
  reader.run();
  const r = builder.result();
  if (r.doc !== null && builder.detachItems) detachFeed(r.doc);
  return r;
}

// ───────────── helpers ─────────────

function attr(attrs: Attr[] | null, key: string): string | undefined {
  if (attrs === null) return undefined;
  for (let k = 0; k < attrs.length; k++) if (attrs[k].key === key) return attrs[k].value;
  return undefined;
}

const NON_BLANK = /\S/;

function nonEmpty(s: string | null | undefined): string | null {
  return s == null || s === '' ? null : s;
}
