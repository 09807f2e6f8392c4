// The type of a downloaded file, decided by its first bytes (never by the URL or the Content-Type, which lie:
// CDNs label PNGs image/jpeg, and error pages image/png).

/** Raster types kept, with the extension they are stored under. */
export type RasterType = 'jpg' | 'png' | 'gif' | 'webp' | 'avif' | 'bmp';
export type SniffedType = RasterType | 'svg' | 'html' | 'unknown';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const AVIF_BRANDS = new Set(['avif', 'avis']);

function ascii(buf: Buffer, start: number, end: number): string {
  return buf.toString('latin1', start, Math.min(end, buf.length));
}

/** The ISO-BMFF `ftyp` box names an AVIF brand (major or compatible). */
function isAvif(buf: Buffer): boolean {
  if (buf.length < 16 || ascii(buf, 4, 8) !== 'ftyp') return false;
  const size = buf.readUInt32BE(0);
  const end = Math.min(size, buf.length);
  if (AVIF_BRANDS.has(ascii(buf, 8, 12))) return true;
  for (let i = 16; i + 4 <= end; i += 4) if (AVIF_BRANDS.has(ascii(buf, i, i + 4))) return true;
  return false;
}

// Markup: a BOM, blanks, an XML declaration, comments or a doctype may come before the root element.
const SVG_START = /^(?:\uFEFF)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i;
const HTML_START = /^(?:\uFEFF)?\s*(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)/i;

export function sniffImageType(buf: Buffer): SniffedType {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG)) return 'png';
  const head6 = ascii(buf, 0, 6);
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return 'gif';
  if (buf.length >= 12 && ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'webp';
  if (isAvif(buf)) return 'avif';
  if (buf.length >= 26 && buf[0] === 0x42 && buf[1] === 0x4d && buf.readUInt32LE(14) >= 12) return 'bmp'; // BM + a DIB header size
  const text = buf.toString('utf8', 0, Math.min(buf.length, 2048));
  if (SVG_START.test(text)) return 'svg';
  if (HTML_START.test(text)) return 'html';
  return 'unknown';
}
