// The content-addressed folder: <dir>/<first two hex>/<sha256>.<ext>, thumbnails beside as <sha256>-<w>x<h>.webp.
// The same bytes land in one file however many posts use them; files are written whole or not at all.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function imageFileName(sha256: string, ext: string): string {
  return `${sha256}.${ext}`;
}

export function thumbnailFileName(sha256: string, width: number, height: number): string {
  return `${sha256}-${width}x${height}.webp`;
}

/** Where a file of the folder lives on disk. */
export function imagePath(dir: string, fileName: string): string {
  return join(dir, fileName.slice(0, 2), fileName);
}

/** The URL the site serves a file of the folder under. */
export function imageUrl(urlPrefix: string, fileName: string): string {
  return `${urlPrefix}/${fileName.slice(0, 2)}/${fileName}`;
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Marks temporary files, so prune can clear those a crash left behind. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Writes `bytes` to `path` through a temporary file and a rename, so a reader (Hexo, a web server) never sees half a
 * file and a crash leaves no partial one under the final name. An existing file is kept: its name is its content.
 */
export async function writeOnce(path: string, bytes: Uint8Array): Promise<'written' | 'existed'> {
  if (await fileExists(path)) return 'existed';
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  try {
    try {
      await writeFile(temp, bytes, { flag: 'wx' });
    } catch (err) {
      // the two-hex folder is made when a write first misses it: a mkdir per picture costs a first pass dearly
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(temp, bytes, { flag: 'wx' });
    }
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  return 'written';
}
