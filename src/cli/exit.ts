// Exit codes and the error type commands throw to end with a message and a code.

export const EXIT = {
  ok: 0,
  /** fatal error, or --strict with failed feeds */
  fatal: 1,
  /** configuration error (and command-line usage errors) */
  config: 2,
  usage: 2,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.fatal,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
