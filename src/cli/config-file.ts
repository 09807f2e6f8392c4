// Loading the config for a command: a ConfigError becomes exit code 2 with the file:line messages.
import type { Config } from '../model.js';
import { CliError, EXIT } from './exit.js';

export async function loadConfigForCli(path: string): Promise<Config> {
  const { loadConfig, ConfigError } = await import('../config/load.js');
  try {
    return await loadConfig(path);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.config);
    throw err;
  }
}
