// An image's size from its header, before anything is decoded: the pixel cap (decompression bombs: a 50 kB PNG
// can declare 100,000 × 100,000 pixels) and the width/height written on <img>. image-size rather than sharp's
// metadata: pure JavaScript, synchronous on bytes already in memory, reading only the header, and download mode
// keeps working where sharp's native binary cannot load (sharp is needed for thumbnails only).
import { imageSize } from 'image-size';

export interface ImageHeader {
  /** as displayed: EXIF orientations 5–8 (rotated a quarter turn) swap the stored width and height */
  width: number;
  height: number;
}

/** The displayed size, or a one-line reason. */
export function readHeader(buf: Buffer, maxPixels: number): ImageHeader | { error: string } {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(buf);
  } catch (err) {
    return { error: `unreadable image header (${String((err as Error).message ?? err).split('\n', 1)[0]})` };
  }
  const w = Math.abs(size.width ?? 0);
  const h = Math.abs(size.height ?? 0);
  if (!w || !h) return { error: 'image header without a size' };
  if (w * h > maxPixels) return { error: `${w}×${h} pixels over the cap of ${maxPixels}` };
  const turned = size.orientation !== undefined && size.orientation >= 5 && size.orientation <= 8;
  return turned ? { width: h, height: w } : { width: w, height: h };
}
