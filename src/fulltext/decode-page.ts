// Page bytes → text. The feed decoder's order (BOM > HTTP charset > declaration > sniffing) with what web
// pages add: a <meta charset> may sit past the first 1024 bytes, and an undeclared page's `lang` says which
// legacy encoding to guess.
import { isUtf8 } from 'node:buffer';
import { charsetFromContentType, decodeBytes, normalizeCharset } from '../parse/decode.js';

const META_SCAN_BYTES = 16 * 1024;

/** charset of a `<meta charset>` or `<meta http-equiv=Content-Type content="…; charset=…">` in the page's head. */
export function metaCharset(head: string): string | null {
  const m = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? m[1]! : null;
}

/** The legacy encoding an undeclared page in this language most likely uses. */
function legacyForLang(head: string): string | null {
  const lang = /<html\b[^>]*?\blang\s*=\s*["']?([a-z]{2})(?:-([a-z]{2,4}))?/i.exec(head);
  if (!lang) return null;
  const main = lang[1]!.toLowerCase();
  const region = (lang[2] ?? '').toLowerCase();
  if (main === 'zh') return region === 'tw' || region === 'hk' || region === 'mo' || region === 'hant' ? 'big5' : 'gb18030';
  if (main === 'ja') return 'shift_jis';
  if (main === 'ko') return 'euc-kr';
  return null;
}

export interface DecodedPage {
  text: string;
  encoding: string;
}

/** Decodes an HTML page; never throws. A string passes through as it is. */
export function decodePage(input: Uint8Array | string, contentType?: string | null): DecodedPage {
  if (typeof input === 'string') return { text: input, encoding: 'utf-8' };
  let label = charsetFromContentType(contentType);
  if (!normalizeCharset(label)) {
    const head = Buffer.from(input.buffer, input.byteOffset, Math.min(input.byteLength, META_SCAN_BYTES)).toString('latin1');
    label = metaCharset(head);
    if (!normalizeCharset(label) && !isUtf8(input)) label = legacyForLang(head) ?? label;
  }
  const d = decodeBytes(input, label ? `text/html; charset=${label}` : contentType);
  return { text: d.text, encoding: d.encoding };
}
