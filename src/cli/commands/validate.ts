// feedmill validate: the config and every catalog lookup, without fetching anything.
import { loadConfigForCli } from '../config-file.js';
import { EXIT } from '../exit.js';

export async function validateCommand(opts: { config: string }): Promise<number> {
  const config = await loadConfigForCli(opts.config);
  const { resolveSources, routeOf, lookupRoute } = await import('../../config/sources.js');
  const { bundledMatcher } = await import('../../config/catalog.js');
  const { displayPath } = await import('../../config/load.js');
  const sources = await resolveSources(config, { offline: true });
  const out: string[] = [];
  const warnings: string[] = [];
  config.feeds.forEach((feed, i) => {
    const source = sources[i]!;
    let origin = 'explicit';
    if (feed.categories === undefined) {
      const route = routeOf(feed, config);
      const found = route !== null ? lookupRoute(route, config, [bundledMatcher()]) : null;
      if (found && !found.match.namespaceOnly) origin = `catalog ${found.match.route.path}`;
      else if (found) {
        origin = `catalog namespace /${route!.split('/')[1]} only`;
        warnings.push(`feeds[${i}]: route ${route} is not in the bundled catalog; only its site is known (set categories to be exact)`);
      } else if (route !== null) {
        origin = 'none';
        warnings.push(`feeds[${i}]: route ${route} is not in the bundled catalog; set categories (the instance's catalog is asked at run time)`);
      } else origin = 'none';
    }
    const cats = source.categories.length ? source.categories.join(' › ') : '(no categories)';
    out.push(`  ${source.key}\n      ${source.url}\n      ${cats}  [${origin}]`);
    for (const fb of source.fallbackUrls) out[out.length - 1] += `\n      fallback ${fb}`;
  });
  const label = config.configPath ? displayPath(config.configPath) : opts.config;
  process.stdout.write(`${label}: OK, ${config.feeds.length} feed${config.feeds.length === 1 ? '' : 's'}\n`);
  if (out.length) process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(`output: ${config.output.dir} (${config.output.format}, ${config.output.filename}, ${config.output.dateStyle})\n`);
  for (const o of config.outputs.slice(1)) process.stdout.write(`output: ${o.dir} (${o.format})\n`);
  if (config.feedsOut) process.stdout.write(`feeds out: ${config.feedsOut.dir} (${config.feedsOut.formats.join(', ')}; ${config.feedsOut.siteUrl})\n`);
  process.stdout.write(`state: ${config.state}\n`);
  if (config.feeds.length === 0) warnings.push('no feeds configured (add one with `feedmill add <url-or-route>`)');
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  return EXIT.ok;
}
