/** The state file cannot be used; the message says which file, why, and that it was left untouched. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
