import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImagesConfig } from '../../src/model.js';
import { bodyProxy, imageSettingsFor } from '../../src/images/settings.js';

const base: ImagesConfig = {
  placeholder: 'p{n}',
  mode: 'proxy',
  proxy: 'https://proxy.example/?url=',
  dir: '/site/source/images/feedmill',
  urlPrefix: '/images/feedmill',
  referers: { 'a.example': 'none', 'b.example': 'article' },
  maxBytes: 1000,
  maxPixels: 1000,
};

test("a feed's own mode and referers go over the config-wide ones", () => {
  assert.equal(imageSettingsFor(base, undefined), base);
  const own = imageSettingsFor(base, { mode: 'download', referers: { 'a.example': 'https://a.example/' } });
  assert.equal(own.mode, 'download');
  assert.deepEqual(own.referers, { 'a.example': 'https://a.example/', 'b.example': 'article' });
  assert.equal(base.mode, 'proxy', 'the config is not changed');
});

test('the body pass gets the proxy in proxy mode only', () => {
  assert.equal(bodyProxy(base), 'https://proxy.example/?url=');
  assert.equal(bodyProxy({ ...base, mode: 'download' }), undefined, 'download fetches the originals; failures get the proxy afterwards');
  assert.equal(bodyProxy({ ...base, mode: 'keep' }), undefined);
});
