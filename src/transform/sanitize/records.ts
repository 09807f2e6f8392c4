// Per-tag and per-depth records the body pass reuses from body to body (it runs for every post: no
// allocation per tag where a record can be overwritten).
import type { RawAttr } from './markup.js';

export interface Frame {
  name: string;
  action: 'keep' | 'unwrap' | 'drop' | 'noscript';
  /** images emitted before this element opened (to tell whether a <noscript> has an image twin beside it) */
  imgMark: number | undefined;
  selfClosed: boolean;
  /** root of a buffered svg/math subtree */
  foreignRoot: boolean;
}

/** The open elements. One frame object per depth is reused: a popped frame stays valid until the next push. */
export class FrameStack {
  private readonly frames: Frame[] = [];
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(name: string, action: Frame['action'], imgMark?: number, selfClosed = false, foreignRoot = false): void {
    const f = this.frames[this.length];
    if (f === undefined) this.frames.push({ name, action, imgMark, selfClosed, foreignRoot });
    else {
      f.name = name;
      f.action = action;
      f.imgMark = imgMark;
      f.selfClosed = selfClosed;
      f.foreignRoot = foreignRoot;
    }
    this.length++;
  }

  pop(): Frame | undefined {
    return this.length === 0 ? undefined : this.frames[--this.length];
  }

  top(): Frame | undefined {
    return this.length === 0 ? undefined : this.frames[this.length - 1];
  }
}

/** The open tag's attributes. The objects are reused from tag to tag: one is valid until the next tag. */
export class AttrList {
  private readonly items: RawAttr[] = [];
  size = 0;

  clear(): void {
    this.size = 0;
  }

  at(i: number): RawAttr {
    return this.items[i]!;
  }

  add(name: string, value: string, raw: string): void {
    const a = this.items[this.size];
    if (a === undefined) this.items.push({ name, value, raw });
    else {
      a.name = name;
      a.value = value;
      a.raw = raw;
    }
    this.size++;
  }
}

/** The attribute texts of a tag being rebuilt; cleared per tag but keeps its storage (`length = 0` would free it). */
export class PartList {
  private readonly items: string[] = [];
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(x: string): void {
    this.items[this.size++] = x;
  }

  unshift(x: string): void {
    for (let i = this.size; i > 0; i--) this.items[i] = this.items[i - 1]!;
    this.items[0] = x;
    this.size++;
  }

  join(separator: string): string {
    let out = '';
    for (let i = 0; i < this.size; i++) out += i === 0 ? this.items[i] : separator + this.items[i];
    return out;
  }
}
