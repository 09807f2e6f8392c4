// The images: settings of one feed: the config-wide ones with the feed's own mode and referers over them.
import type { FeedImagesConfig, ImagesConfig } from '../model.js';

export function imageSettingsFor(images: ImagesConfig, feed: FeedImagesConfig | undefined): ImagesConfig {
  if (feed === undefined) return images;
  return {
    ...images,
    mode: feed.mode ?? images.mode,
    referers: feed.referers === undefined ? images.referers : { ...images.referers, ...feed.referers },
  };
}

/**
 * The proxy the body pass (src/transform/) writes into posts: only in proxy mode. In download mode the body keeps the
 * original URLs so they can be fetched; ownImages puts the proxy on the images that fail.
 */
export function bodyProxy(images: ImagesConfig): string | undefined {
  return images.mode === 'proxy' ? images.proxy : undefined;
}
