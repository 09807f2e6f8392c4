// "Run now": one run at a time through the library's run(), its per-feed reports kept for the run page
// and passed on to every listener (the server-sent events) as they arrive.
import type { Config, FeedReport, RunSummary } from '../model.js';
import type { RunOptions } from '../index.js';
import { sourceKey } from '../config/sources.js';

export type RunFn = (config: Config, opts: RunOptions) => Promise<RunSummary>;

export interface RunState {
  id: number;
  /** the one feed asked for, or null for all */
  feed: string | null;
  startedAt: number;
  state: 'running' | 'done' | 'failed';
  reports: FeedReport[];
  done: number;
  total: number;
  summary: RunSummary | null;
  error: string | null;
}

export type RunEvent =
  | { type: 'feed'; report: FeedReport; done: number; total: number }
  | { type: 'end'; state: RunState };

export class Runs {
  private last: RunState | null = null;
  private listeners = new Set<(e: RunEvent) => void>();
  private nextId = 1;
  private stopping: AbortController | null = null;

  constructor(
    private readonly config: Config,
    private readonly runFn: RunFn,
    private readonly now: () => number = Date.now,
  ) {}

  current(): RunState | null {
    return this.last;
  }

  /** Starts a run of every feed, or of the feed with this key; null when one is already running or the key is unknown. */
  start(feed: string | null): RunState | 'busy' | 'unknown-feed' {
    if (this.last?.state === 'running') return 'busy';
    const feeds = feed === null ? this.config.feeds : this.config.feeds.filter((f) => sourceKey(f) === feed);
    if (feeds.length === 0 && feed !== null) return 'unknown-feed';
    const state: RunState = { id: this.nextId++, feed, startedAt: this.now(), state: 'running', reports: [], done: 0, total: feeds.length, summary: null, error: null };
    this.last = state;
    const controller = new AbortController();
    this.stopping = controller;
    const onFeedDone = (report: FeedReport, done: number, total: number) => {
      state.reports.push(report);
      state.done = done;
      state.total = total;
      this.emit({ type: 'feed', report, done, total });
    };
    // run() opens the store itself and takes the run lock, so a cron `feedmill run` and this one never overlap;
    // the server's own connection sees each feed's posts once they are saved. One feed asked for by name is
    // fetched even when it is backing off after failures.
    this.runFn({ ...this.config, feeds }, { onFeedDone, force: feed !== null, signal: controller.signal }).then(
      (summary) => {
        state.summary = summary;
        state.state = 'done';
      },
      (err: unknown) => {
        state.error = (err as Error)?.message ?? String(err);
        state.state = 'failed';
      },
    ).finally(() => {
      if (this.stopping === controller) this.stopping = null;
      this.emit({ type: 'end', state });
    });
    return state;
  }

  /** Interrupts the run in progress, as Ctrl-C does a `feedmill run`: no feed starts, requests in flight are
   *  cancelled, feeds past their request finish and are saved. Resolves when it has ended. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.idle();
  }

  /** Calls `fn` with every event of the runs to come; returns the function that stops it. */
  listen(fn: (e: RunEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Resolves when the run in progress (if any) has ended. */
  async idle(): Promise<void> {
    if (this.last?.state !== 'running') return;
    await new Promise<void>((resolve) => {
      const stop = this.listen((e) => {
        if (e.type === 'end') {
          stop();
          resolve();
        }
      });
    });
  }

  private emit(e: RunEvent): void {
    for (const fn of this.listeners) fn(e);
  }
}
