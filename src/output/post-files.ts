// A rendered post's files: the names and paths each output gives it. Light on purpose: the main thread needs
// these while the document worker renders.
import { join } from 'node:path';
import type { OutputConfig } from '../model.js';
import type { RenderedPost } from './render.js';
import { outputFormat } from './format.js';
import type { FileToWrite } from './post-sink.js';

/** The post's file in the first output when its unique name is `stem`: what the store keeps. */
export function firstFile(rendered: RenderedPost, stem: string, outputs: readonly OutputConfig[]): string {
  return outputFormat(outputs[0]!.format).path(rendered.when, stem);
}

/** The post's files in the outputs after the first (the first is `firstFile`, relative to its folder): absolute paths with their texts. */
export function otherOutputFiles(rendered: RenderedPost, stem: string, outputs: readonly OutputConfig[]): FileToWrite[] {
  return outputs.slice(1).map((o, i) => ({ path: join(o.dir, outputFormat(o.format).path(rendered.when, stem)), text: rendered.texts[i + 1]! }));
}

/** The unique name a stored file was made from (file names are `<stem>.<ext>`; Jekyll's keep their date in the stem). */
export function stemOf(file: string): string {
  return file.replace(/\.[^./]+$/, '');
}
