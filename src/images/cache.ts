// ImageCache kept in memory: for tests and library callers without a store (the run backs it by the store).
import type { ImageCache, ImageRecord } from '../model.js';

export class MemoryImageCache implements ImageCache {
  private readonly records = new Map<string, ImageRecord>();

  async get(url: string): Promise<ImageRecord | null> {
    return this.records.get(url) ?? null;
  }

  async put(url: string, record: ImageRecord): Promise<void> {
    this.records.set(url, record);
  }

  get size(): number {
    return this.records.size;
  }
}
