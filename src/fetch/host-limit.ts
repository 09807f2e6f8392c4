// Per-host concurrency: at most `limit` requests in flight to one host:port, FIFO for the rest.
// The pipeline bounds global concurrency; this keeps 50 routes on one RSSHub instance from arriving at once.

export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  /** Resolves with a release function once a slot for `host` is free. */
  async acquire(host: string): Promise<() => void> {
    const n = this.active.get(host) ?? 0;
    if (n < this.limit) {
      this.active.set(host, n + 1);
    } else {
      await new Promise<void>((resolve) => {
        let q = this.waiting.get(host);
        if (!q) this.waiting.set(host, (q = []));
        q.push(resolve);
      });
      // the releasing request handed its slot over without decrementing
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(host);
    };
  }

  private release(host: string): void {
    const q = this.waiting.get(host);
    const next = q?.shift();
    if (q && q.length === 0) this.waiting.delete(host);
    if (next) {
      next();
      return;
    }
    const n = (this.active.get(host) ?? 1) - 1;
    if (n <= 0) this.active.delete(host);
    else this.active.set(host, n);
  }
}
