// feedmill init [FILE]: a commented starter config; never overwrites.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError, EXIT } from '../exit.js';
import { STARTER_CONFIG } from '../starter.js';

export async function initCommand(file: string): Promise<number> {
  const path = resolve(file);
  if (existsSync(path)) {
    throw new CliError(`feedmill: ${file} already exists; not overwriting it (remove it first, or pass another file name)`, EXIT.fatal);
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, STARTER_CONFIG, { flag: 'wx' });
  const c = file === 'feedmill.yml' ? '' : ` -c ${file}`;
  process.stdout.write(
    `wrote ${file}\nnext: edit it, then\n  feedmill validate${c}   # check it\n  feedmill run${c}        # fetch the feeds and write posts\n`,
  );
  return EXIT.ok;
}
