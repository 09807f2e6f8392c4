// Which pictures a post shows: body <img src>, every srcset candidate (of <img> and <picture><source>), <video poster>
// and the head image. Pure: the post in, URLs out.
import type { Post } from '../model.js';
import { parseSrcset } from '../transform/urls.js';
import { attr, pictureTags } from './tags.js';

export interface PostImages {
  /** absolute http(s) URLs of the body, each once, in order of appearance */
  body: string[];
  /** the head image (headimg/thumbnail) as written in the front matter, when it is an http(s) picture of its own */
  head: string | null;
}

const HTTP_URL = /^https?:\/\//i;

function placeholderPattern(template: string): RegExp {
  const parts = template.split('{n}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('\\d+')}$`);
}

/** `placeholder`: the images.placeholder template; a head image made from it is a stand-in, not the post's picture. */
export function listImages(post: Post, placeholder: string): PostImages {
  const seen = new Set<string>();
  const body: string[] = [];
  const add = (url: string | undefined): void => {
    const u = url?.trim();
    if (u && HTTP_URL.test(u) && !seen.has(u)) {
      seen.add(u);
      body.push(u);
    }
  };
  for (const tag of pictureTags(post.html)) {
    if (tag.name === 'img') add(attr(tag, 'src')?.value);
    if (tag.name === 'video') add(attr(tag, 'poster')?.value);
    const srcset = tag.name === 'video' ? undefined : attr(tag, 'srcset')?.value;
    if (srcset !== undefined) for (const c of parseSrcset(srcset)) add(c.url);
  }
  const image = post.image.trim();
  const head = HTTP_URL.test(image) && !placeholderPattern(placeholder).test(image) ? image : null;
  return { body, head };
}
