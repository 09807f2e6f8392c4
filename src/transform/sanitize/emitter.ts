/**
 * The body pass's output, with nested buffers (an svg/math subtree is kept or discarded whole) and <pre>-aware newlines.
 * Source kept as written is recorded as a range and copied only when something else is written after it, so
 * a body that needs no change comes back as one slice of the input, and others in few pieces.
 */
export class Emitter {
  private readonly bufs: string[][] = [[]];
  private src = '';
  /** source written but not yet copied into the current buffer: src[runStart, runEnd) */
  private runStart = 0;
  private runEnd = 0;
  pre = 0;

  reset(src: string): void {
    this.bufs.length = 1;
    this.bufs[0] = [];
    this.src = src;
    this.runStart = this.runEnd = 0;
    this.pre = 0;
  }

  /** Writes src[start, end) as it is. */
  source(start: number, end: number): void {
    if (start >= end) return;
    if (start === this.runEnd && this.runStart < this.runEnd) {
      this.runEnd = end;
      return;
    }
    this.flushRun();
    this.runStart = start;
    this.runEnd = end;
  }

  /** Writes src[start, end) as text (inside <pre>, newlines may need escaping). */
  sourceText(start: number, end: number): void {
    if (this.pre === 0) this.source(start, end);
    else this.text(this.src.slice(start, end));
  }

  private flushRun(): void {
    if (this.runStart < this.runEnd) {
      this.bufs[this.bufs.length - 1]!.push(this.src.slice(this.runStart, this.runEnd));
      this.runStart = this.runEnd = 0;
    }
  }

  push(s: string): void {
    if (!s) return;
    this.flushRun();
    this.bufs[this.bufs.length - 1]!.push(s);
  }

  openBuffer(): void {
    this.flushRun();
    this.bufs.push([]);
  }

  closeBuffer(keep: boolean): void {
    this.flushRun();
    const b = this.bufs.pop()!;
    if (keep) this.push(b.join(''));
  }

  takeBuffer(): string {
    this.flushRun();
    return this.bufs.pop()!.join('');
  }

  /** Whether everything written since the last newline is spaces/tabs. */
  private lineBlank(): boolean {
    this.flushRun();
    for (let i = this.bufs.length - 1; i >= 0; i--) {
      const buf = this.bufs[i]!;
      for (let j = buf.length - 1; j >= 0; j--) {
        const s = buf[j]!;
        for (let k = s.length - 1; k >= 0; k--) {
          const c = s[k];
          if (c === '\n') return true;
          if (c !== ' ' && c !== '\t') return false;
        }
      }
    }
    return true;
  }

  /** Text; inside <pre> a newline that would end a whitespace-only line is written as `&#10;`. */
  text(s: string): void {
    if (this.pre === 0 || !s.includes('\n')) {
      this.push(s);
      return;
    }
    let blank = this.lineBlank();
    let out = '';
    let from = 0; // s[from, i) is still to be copied
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x0a) {
        out += s.slice(from, i) + (blank ? '&#10;' : '\n');
        from = i + 1;
        blank = !blank;
      } else if (c !== 0x20 && c !== 0x09) blank = false;
    }
    this.push(out + s.slice(from));
  }

  result(): string {
    const top = this.bufs[0]!;
    if (this.bufs.length === 1 && top.length === 0) return this.src.slice(this.runStart, this.runEnd);
    this.flushRun();
    return top.join('');
  }
}
