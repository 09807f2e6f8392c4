// A captured element's text (or markup) and what it becomes in the model: plain text for titles, HTML as
// written for bodies, the feed description.
import type { Element } from '../xml-reader.js';
import type { A } from './actions.js';
import type { TextType } from '../atom/elements.js';
import { decodeBase64Text, escapeHtml, htmlToText, looksLikeHtml } from '../html-text.js';

const NON_BLANK = /\S/;

export interface Capture {
  action: A;
  el: Element;
  depth: number;
  text: string;
  markup: string;
  mixed: boolean;
  type: TextType;
  base64: boolean;
  /** depth of an xhtml wrapper div whose tags are left out */
  divDepth: number;
  person: boolean;
  /** `text` is one slice of the document text (not decoded, not concatenated) */
  slice: boolean;
}


/** A plain-text field (title): markup removed, entities decoded, trimmed. */
export function plainText(cap: Capture): string | null {
  let t: string;
  if (cap.base64) t = decodeBase64Text(cap.text);
  else if (cap.mixed) t = cap.type === 'xhtml' || cap.type === 'html' ? cap.text : cap.markup; // naked markup in a text field is its text
  else if (cap.type === 'html' || (cap.type === 'guess' && looksLikeHtml(cap.text))) t = htmlToText(cap.text);
  else t = cap.text;
  t = t.trim();
  return t === '' ? null : t;
}

/** An HTML field (summary/content). */
export function htmlValue(cap: Capture): string | null {
  let v: string;
  if (cap.base64) v = decodeBase64Text(cap.text);
  else if (cap.mixed) v = cap.markup;
  else if (cap.type === 'text' || cap.type === 'xhtml') v = escapeHtml(cap.text);
  else v = cap.text;
  // kept as written (not trimmed): the post body reproduces the feed's bytes
  return NON_BLANK.test(v) ? v : null;
}

/** The feed description: HTML kept as written; Atom text subtitles stay plain text. */
export function descriptionValue(cap: Capture): string | null {
  let v: string;
  if (cap.base64) v = decodeBase64Text(cap.text);
  else if (cap.mixed) v = cap.markup;
  else v = cap.text;
  v = v.trim();
  return v === '' ? null : v;
}
