// Whether a downloaded picture is whole. A server can answer 200 with a cut-off file (a CDN's partial object, a
// dropped upstream); browsers then show half a picture. Decoding every image to find out would cost more CPU than
// the whole download pass, so each format's end marker or declared length is checked instead (hand-written: no
// library answers this without decoding).
import type { RasterType } from './sniff.js';

const JPEG_EOI = Buffer.from([0xff, 0xd9]);
const PNG_IEND = Buffer.from('IEND', 'latin1');
// Writers pad or append a little after the end marker (camera trailers, zero padding): look this far back.
const TAIL = 4096;

function tail(buf: Buffer): Buffer {
  return buf.subarray(Math.max(0, buf.length - TAIL));
}

/** ISO-BMFF: the top-level boxes must tile the file. */
function boxesComplete(buf: Buffer): boolean {
  let at = 0;
  while (at + 8 <= buf.length) {
    let size = buf.readUInt32BE(at);
    if (size === 1) {
      if (at + 16 > buf.length) return false;
      size = Number(buf.readBigUInt64BE(at + 8));
    } else if (size === 0) return true; // the last box runs to the end of the file
    if (size < 8) return false;
    at += size;
  }
  return at === buf.length;
}

/** Null when complete, else the reason. */
export function truncationReason(buf: Buffer, type: RasterType): string | null {
  switch (type) {
    case 'jpg':
      // FF D9 never occurs inside entropy-coded data (FF is always stuffed there), so a cut file lacks it at the end
      return tail(buf).includes(JPEG_EOI) ? null : 'truncated JPEG (no end marker)';
    case 'png':
      return tail(buf).includes(PNG_IEND) ? null : 'truncated PNG (no IEND chunk)';
    case 'gif': {
      let end = buf.length - 1;
      while (end > 0 && buf[end] === 0) end--;
      return buf[end] === 0x3b ? null : 'truncated GIF (no trailer)';
    }
    case 'webp':
      return buf.readUInt32LE(4) + 8 <= buf.length ? null : 'truncated WebP (shorter than its RIFF size)';
    case 'avif':
      return boxesComplete(buf) ? null : 'truncated AVIF (a box runs past the end)';
    case 'bmp': {
      const declared = buf.readUInt32LE(2);
      return declared === 0 || declared <= buf.length ? null : 'truncated BMP (shorter than its declared size)';
    }
  }
}
