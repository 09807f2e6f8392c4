// feedmill serve: the news, the posts and the feeds' health in a browser, with "run now".
import type { Store } from '../../model.js';
import { loadConfigForCli } from '../config-file.js';
import { CliError, EXIT } from '../exit.js';

export interface ServeCommandOptions {
  config: string;
  port: string;
  host: string;
  token?: string;
}

export async function serveCommand(opts: ServeCommandOptions): Promise<number> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`feedmill serve: --port must be a number from 0 to 65535, not ${opts.port}`, EXIT.usage);
  const token = opts.token ?? process.env['FEEDMILL_SERVE_TOKEN'] ?? null;
  const [{ startServer, checkAccess, ServeError }, { openStore }] = await Promise.all([import('../../serve/index.js'), import('../../store/index.js')]);
  try {
    checkAccess(opts.host, token);
  } catch (err) {
    if (err instanceof ServeError) throw new CliError(`feedmill serve: ${err.message}`, EXIT.usage);
    throw err;
  }
  const config = await loadConfigForCli(opts.config);
  let store: Store;
  try {
    store = await openStore(config.state);
  } catch (err) {
    throw new CliError(`feedmill serve: ${(err as Error).message}`, EXIT.fatal);
  }
  let server;
  try {
    server = await startServer({ config, store, host: opts.host, port, token });
  } catch (err) {
    await store.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`feedmill serve: port ${port} on ${opts.host} is in use (choose another with --port)`, EXIT.fatal);
    throw new CliError(`feedmill serve: cannot listen on ${opts.host}:${port}: ${(err as Error).message}`, EXIT.fatal);
  }
  process.stdout.write(`feedmill serve: ${server.url}/${token !== null ? ' (open it once with ?token=<your token>)' : ''} · Ctrl-C stops\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const running = server.runs.current()?.state === 'running';
  process.stdout.write(`feedmill serve: stopping${running ? ' (the run in progress is interrupted: feeds past their request are saved)' : ''}\n`);
  await server.close();
  await store.close();
  return EXIT.ok;
}
