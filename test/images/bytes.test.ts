// The checks on downloaded bytes: type by magic numbers, completeness, header size and the pixel cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sniffImageType } from '../../src/images/sniff.js';
import { truncationReason } from '../../src/images/complete.js';
import { readHeader } from '../../src/images/header.js';
import { SVG_WITH_SCRIPT, picture, pngDeclaring, type Format } from './pictures.js';

const FORMATS: Array<[Format, string]> = [['jpeg', 'jpg'], ['png', 'png'], ['gif', 'gif'], ['webp', 'webp'], ['avif', 'avif']];

/** A 2×2 24-bit BMP (BMP has no sharp writer): 54-byte header, two padded rows of 8 bytes. */
function bmp(): Buffer {
  const b = Buffer.alloc(54 + 16);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(2, 18);
  b.writeInt32LE(2, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  return b;
}

test('the type comes from the bytes, for every kept raster format', async () => {
  for (const [format, ext] of FORMATS) {
    const bytes = await picture(30, 20, format);
    assert.equal(sniffImageType(bytes), ext, format);
    assert.equal(truncationReason(bytes, ext as never), null, `${format} is whole`);
    assert.deepEqual(readHeader(bytes, 1_000_000), { width: 30, height: 20 }, format);
  }
  assert.equal(sniffImageType(bmp()), 'bmp');
  assert.deepEqual(readHeader(bmp(), 100), { width: 2, height: 2 });
});

test('SVG, HTML and anything else are told apart from pictures', () => {
  assert.equal(sniffImageType(Buffer.from(SVG_WITH_SCRIPT)), 'svg');
  assert.equal(sniffImageType(Buffer.from('\uFEFF  <!-- x --><svg viewBox="0 0 1 1"></svg>')), 'svg');
  assert.equal(sniffImageType(Buffer.from('<!DOCTYPE html><html><body>404</body></html>')), 'html');
  assert.equal(sniffImageType(Buffer.from('  <html lang="zh">')), 'html');
  assert.equal(sniffImageType(Buffer.from('plain text')), 'unknown');
  assert.equal(sniffImageType(Buffer.alloc(0)), 'unknown');
  assert.equal(sniffImageType(Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt ', 'latin1')), 'unknown', 'a RIFF that is not WebP');
});

test('a cut-off file of every format is found without decoding it', async () => {
  for (const [format, ext] of FORMATS) {
    const bytes = await picture(64, 64, format);
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    assert.match(truncationReason(cut, ext as never) ?? '', /^truncated /, format);
  }
  const b = bmp();
  assert.match(truncationReason(b.subarray(0, 60), 'bmp') ?? '', /^truncated BMP/);
});

test('a JPEG with bytes appended after its end marker is still whole', async () => {
  const jpeg = await picture(20, 20, 'jpeg');
  assert.equal(truncationReason(Buffer.concat([jpeg, Buffer.alloc(300)]), 'jpg'), null);
});

test('the pixel cap refuses a decompression bomb from its header', () => {
  const bomb = pngDeclaring(100_000, 100_000);
  assert.ok(bomb.length < 200, 'a few bytes on the wire');
  const r = readHeader(bomb, 50_000_000);
  assert.ok('error' in r);
  assert.match(r.error, /100000×100000 pixels over the cap of 50000000/);
  assert.deepEqual(readHeader(pngDeclaring(100, 50), 50_000_000), { width: 100, height: 50 });
});

test('a picture stored turned (EXIF orientation 6) reports its displayed size', async () => {
  const turned = await sharp({ create: { width: 40, height: 10, channels: 3, background: '#000' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  assert.deepEqual(readHeader(turned, 1_000_000), { width: 10, height: 40 });
});

test('an unreadable header is a reason, not a throw', () => {
  const r = readHeader(Buffer.from([0xff, 0xd8, 0xff, 0x00]), 100);
  assert.ok('error' in r);
});
