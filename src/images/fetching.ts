// What a run lends the images step: its one HTTP layer (the feeds' pools, per-host limits, proxy, timeouts and
// retries), its store as the record of every image URL (shared by runs and workers), and its stop signal.
// Imports types only, so a run in keep mode loads nothing of download mode.
import type { Http } from '../fetch/http.js';
import type { ImageCache, Store } from '../model.js';
import type { GetImage } from './download.js';

export interface ImageFetching {
  get: GetImage;
  cache: ImageCache;
  signal?: AbortSignal;
}

export function imageFetching(http: Http, store: Store, signal?: AbortSignal): ImageFetching {
  return {
    get: (url, { headers, maxBytes, signal: s }) => http.get(url, { headers, maxBytes, ...(s ? { signal: s } : {}) }),
    cache: { get: (url) => store.getImage(url), put: (url, record) => store.putImage(url, record) },
    ...(signal ? { signal } : {}),
  };
}
