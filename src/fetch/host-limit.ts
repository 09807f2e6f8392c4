// Per-host concurrency: at most `limit` requests in flight to one host:port, FIFO for the rest.
// The pipeline bounds global concurrency; this keeps 50 routes on one RSSHub instance from arriving at once.

export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  /**
   * Resolves with a release function once a slot for `host` is free. When `signal` aborts while waiting, it
   * resolves at once without a slot (the release is a no-op): the caller checks `signal.aborted`.
   */
  async acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const n = this.active.get(host) ?? 0;
    if (n < this.limit) {
      this.active.set(host, n + 1);
    } else {
      if (signal?.aborted) return () => {};
      const got = await new Promise<boolean>((resolve) => {
        let q = this.waiting.get(host);
        if (!q) this.waiting.set(host, (q = []));
        const grant = (): void => {
          signal?.removeEventListener('abort', giveUp);
          resolve(true);
        };
        const giveUp = (): void => {
          const list = this.waiting.get(host);
          const i = list?.indexOf(grant) ?? -1;
          if (i >= 0) list!.splice(i, 1);
          if (list?.length === 0) this.waiting.delete(host);
          resolve(false);
        };
        q.push(grant);
        signal?.addEventListener('abort', giveUp, { once: true });
      });
      if (!got) return () => {};
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
