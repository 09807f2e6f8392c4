// feedmill init [FILE]: a commented starter config, fitted to the Hexo site it is written into; never overwrites.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError, EXIT } from '../exit.js';
import { STARTER_CONFIG } from '../starter.js';
import { readHexoSite } from '../hexo-site.js';
import { starterForSite } from '../starter-for-site.js';

export async function initCommand(file: string): Promise<number> {
  const path = resolve(file);
  if (existsSync(path)) {
    throw new CliError(`feedmill: ${file} already exists; not overwriting it (remove it first, or pass another file name)`, EXIT.fatal);
  }
  const site = readHexoSite(dirname(path));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, site ? starterForSite(STARTER_CONFIG, site) : STARTER_CONFIG, { flag: 'wx' });
  const c = file === 'feedmill.yml' ? '' : ` -c ${file}`;
  const fitted = site
    ? `fitted to the Hexo site's _config.yml: posts in ${site.sourceDir}/_posts${site.timezone ? `, dates in ${site.timezone}` : ''}\n`
    : '';
  process.stdout.write(
    `wrote ${file}\n${fitted}next: edit it, then\n  feedmill validate${c}   # check it\n  feedmill run${c}        # fetch the feeds and write posts\n`,
  );
  return EXIT.ok;
}
