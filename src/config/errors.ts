// The one error type of the config stage: the CLI maps it to exit code 2.

export interface ConfigIssue {
  /** e.g. feeds[2].limit; empty for the whole file */
  keyPath: string;
  /** 1-based line in the config file, when known */
  line?: number;
  message: string;
}

export class ConfigError extends Error {
  keyPath?: string;
  line?: number;
  /** every problem found, in document order; the message lists them all */
  issues: ConfigIssue[];

  constructor(message: string, opts: { keyPath?: string; line?: number; issues?: ConfigIssue[] } = {}) {
    super(message);
    this.name = 'ConfigError';
    this.keyPath = opts.keyPath;
    this.line = opts.line;
    this.issues = opts.issues ?? [{ keyPath: opts.keyPath ?? '', line: opts.line, message }];
  }
}
