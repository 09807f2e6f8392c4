// Progress lines for a pipe or a log file, written in batches: a write per feed was a system call per feed,
// a visible share of a run where every feed answers 304. Lines still appear within `delayMs`.
export class LineBuffer {
  private lines: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly delayMs = 200,
    private readonly maxBytes = 64 * 1024,
  ) {}

  push(line: string): void {
    this.lines.push(line);
    this.bytes += line.length + 1;
    if (this.bytes >= this.maxBytes) this.flush();
    else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), this.delayMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.lines.length === 0) return;
    const text = this.lines.join('\n') + '\n';
    this.lines = [];
    this.bytes = 0;
    this.out.write(text);
  }
}
