// images: the site's own copies of the pictures posts show (images.mode download). What the pipeline and the CLI use.
export { ownImages, type OwnImagesContext, type OwnImagesResult } from './own.js';
export { imageSettingsFor, bodyProxy } from './settings.js';
export { MemoryImageCache } from './cache.js';
export { imageFetching, type ImageFetching } from './fetching.js';
export { pruneImages, type PruneResult } from './prune.js';
export { BUILT_IN_REFERERS, IMAGE_ACCEPT } from './referers.js';
export type { GetImage } from './download.js';
export type { ImageCache, ImageRecord } from '../model.js';
