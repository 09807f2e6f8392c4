// The `hexo feedmill` console command: run (default), status, validate.
'use strict';

const { pathToFileURL } = require('node:url');
const { loadSiteConfig } = require('./settings');

const SUBCOMMANDS = ['run', 'status', 'validate'];

/** A mistake in how the command was called or configured (reported without a stack). */
function usageError(message) {
  return Object.assign(new Error(message), { usage: true });
}

/** The feedmill the site installed (beside Hexo), else the one next to this plugin. */
async function loadFeedmill(baseDir) {
  let target = 'feedmill';
  try {
    target = pathToFileURL(require.resolve('feedmill', { paths: [baseDir] })).href;
  } catch {
    /* not resolvable from the site: import it from here */
  }
  try {
    return await import(target);
  } catch (err) {
    throw usageError(`feedmill is not installed in this site (npm install feedmill): ${err.message}`);
  }
}

function time(iso) {
  return iso === null ? '-' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

async function runFeeds(hexo, fm, config, args) {
  const summary = await fm.run(config, { force: args.force === true, offline: args.offline === true });
  for (const f of summary.feeds) {
    if (f.outcome === 'failed') hexo.log.warn('feedmill: %s failed: %s', f.key, f.reason);
    else if (f.newPosts + f.updatedPosts > 0) hexo.log.info('feedmill: %s: %d new, %d updated', f.key, f.newPosts, f.updatedPosts);
  }
  hexo.log.info(
    'feedmill: %d feeds, %d new, %d updated, %d failed (%dms) → %s',
    summary.feeds.length,
    summary.newPosts,
    summary.updatedPosts,
    summary.failedFeeds,
    summary.durationMs,
    config.output.dir,
  );
  return summary;
}

async function status(hexo, fm, config, args) {
  const statuses = await fm.feedStatuses(config);
  if (args.json) process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
  else {
    for (const s of statuses) {
      const state = !s.known ? 'never run' : s.failures > 0 ? `${s.failures} failures, last: ${s.lastError}` : `ok ${time(s.lastSuccess)}`;
      hexo.log.info('feedmill: %s — %s, %d items', s.key, state, s.itemsKnown);
    }
  }
  return statuses;
}

async function validate(hexo, fm, config) {
  const sources = await fm.resolveSources(config, { offline: true });
  for (const s of sources) hexo.log.info('feedmill: %s → %s', s.key, s.categories.join(' › ') || '(no categories)');
  for (const o of config.outputs ?? [config.output]) hexo.log.info('feedmill: output %s → %s', o.format, o.dir);
  if (sources.length === 0) hexo.log.warn('feedmill: no feeds configured');
  return sources;
}

function register(hexo) {
  hexo.extend.console.register(
    'feedmill',
    'Pull feeds into posts with feedmill (settings: `feedmill:` in _config.yml, or feedmill.yml)',
    {
      usage: '[run|status|validate]',
      arguments: [{ name: 'run | status | validate', desc: 'run: fetch feeds and write posts (default); status: feed health; validate: check the settings' }],
      options: [
        { name: '--force', desc: 'run: also fetch feeds that are backing off after failures' },
        { name: '--offline', desc: 'run: do not ask the RSSHub instance for its route catalog' },
        { name: '--json', desc: 'status: print JSON' },
      ],
    },
    async function feedmillCommand(args) {
      try {
        const sub = (args._ && args._[0]) || 'run';
        if (!SUBCOMMANDS.includes(sub)) throw usageError(`hexo feedmill: unknown command "${sub}" (use ${SUBCOMMANDS.join(', ')})`);
        const fm = await loadFeedmill(this.base_dir);
        const { config, from, ignored } = await loadSiteConfig(this, fm);
        if (ignored) this.log.warn('feedmill: using the feedmill: section of _config.yml; %s is ignored', ignored);
        this.log.debug('feedmill: settings from %s', from);
        if (sub === 'status') return await status(this, fm, config, args);
        if (sub === 'validate') return await validate(this, fm, config);
        return await runFeeds(this, fm, config, args);
      } catch (err) {
        // the user's mistakes get their message alone (one line each) and exit 2; anything else its stack
        if (!err || (err.name !== 'ConfigError' && !err.usage)) throw err;
        for (const line of String(err.message).split('\n')) this.log.error(line);
        process.exitCode = 2;
        return null;
      }
    },
  );
}

module.exports = { register };
