// The thumbnail: a WebP of the head image, cropped to fill width × height (never enlarged), beside the original.
// sharp is loaded on first use, so runs without thumbnails never load its native library.
import { readFile } from 'node:fs/promises';
import type { ThumbnailConfig } from '../model.js';
import { fileExists, imageFileName, imagePath, thumbnailFileName, writeOnce } from './files.js';

type Sharp = (typeof import('sharp'))['default'];
let sharpModule: Promise<Sharp> | null = null;

function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then((m) => m.default);
  return sharpModule;
}

/** Makes the thumbnail of a stored image unless it exists; returns its file name. Throws with a one-line message. */
export async function ensureThumbnail(
  dir: string,
  image: { sha256: string; ext: string },
  size: ThumbnailConfig,
  maxPixels: number,
): Promise<string> {
  const name = thumbnailFileName(image.sha256, size.width, size.height);
  const path = imagePath(dir, name);
  if (await fileExists(path)) return name;
  const sharp = await loadSharp();
  const input = await readFile(imagePath(dir, imageFileName(image.sha256, image.ext)));
  const webp = await sharp(input, { limitInputPixels: maxPixels, failOn: 'error' })
    .rotate() // EXIF orientation
    .resize(size.width, size.height, { fit: 'cover', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  await writeOnce(path, webp);
  return name;
}
