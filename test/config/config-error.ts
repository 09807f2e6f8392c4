// The ConfigError a config test expects: the call must throw one, and nothing else.
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/errors.js';

export function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}
