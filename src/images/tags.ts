// The picture-bearing tags of a finished post body (<img>, <video>, <source>), with each attribute as written, from
// htmlparser2's tokenizer: the rewrite splices new tags into the body and leaves every other byte as it was (the body
// pass in src/transform/body.ts works the same way, for the same reason: Hexo escapes and the seed's exact bytes).
import { Parser } from 'htmlparser2';

export interface RawAttr {
  name: string;
  /** entity-decoded */
  value: string;
  /** exactly as written, e.g. `src="a.jpg?x=1&amp;y=2"` */
  raw: string;
}

export interface PictureTag {
  /** lower case */
  name: 'img' | 'video' | 'source';
  attrs: RawAttr[];
  /** html.slice(start, end) is the tag */
  start: number;
  end: number;
}

const PICTURE_TAGS = new Set(['img', 'video', 'source']);

export function pictureTags(html: string): PictureTag[] {
  const tags: PictureTag[] = [];
  let attrs: RawAttr[] = [];
  const parser: Parser = new Parser(
    {
      onopentagname() {
        attrs = [];
      },
      onattribute(name, value) {
        attrs.push({ name, value, raw: html.slice(parser.startIndex, parser.endIndex) });
      },
      onopentag(name, _attribs, isImplied) {
        const lname = name.toLowerCase();
        if (isImplied || !PICTURE_TAGS.has(lname)) return;
        tags.push({ name: lname as PictureTag['name'], attrs, start: parser.startIndex, end: parser.endIndex + 1 });
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return tags;
}

/** The first attribute of this name (browsers ignore repeats). */
export function attr(tag: PictureTag, name: string): RawAttr | undefined {
  return tag.attrs.find((a) => a.name === name);
}
