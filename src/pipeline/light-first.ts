// Requests to a thread, run light ones first. Reading and rendering take milliseconds a document; the other
// requests (hand posts to the writer, forget a document) take microseconds and end a document's processing,
// which frees its slot for the next fetch. Heavy requests wait here and run one per turn of the event loop,
// after every message that arrived meanwhile; light ones run as they arrive. In arrival order, posts waited
// 20–50 ms behind the reads of later documents while the first run's fetches waited for slots (bench: first
// pass, a timeline of its first 48 documents).
export class LightFirst<T> {
  private readonly heavy: T[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (request: T) => void,
    private readonly isHeavy: (request: T) => boolean,
  ) {}

  push(request: T): void {
    if (!this.isHeavy(request)) return this.run(request);
    this.heavy.push(request);
    this.schedule();
  }

  /** heavy requests waiting */
  get waiting(): number {
    return this.heavy.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.next);
  }

  private readonly next = (): void => {
    this.scheduled = false;
    const request = this.heavy.shift();
    if (this.heavy.length > 0) this.schedule();
    if (request !== undefined) this.run(request);
  };
}
