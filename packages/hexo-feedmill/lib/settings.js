// feedmill's settings for a Hexo site: the `feedmill:` section of _config.yml, else a feedmill.yml beside it.
'use strict';

const { existsSync } = require('node:fs');
const { join } = require('node:path');

/**
 * The section, with what the site already says filled in where the section says nothing: posts go to
 * `<source_dir>/_posts` (for the hexo format) and zone-less feed dates are read in the site's `timezone`.
 */
function withSiteDefaults(section, site) {
  const out = { ...section };
  const output = section.output && typeof section.output === 'object' ? section.output : {};
  if (output.dir === undefined && (output.format === undefined || output.format === 'hexo')) {
    out.output = { ...output, dir: join(site.source_dir || 'source', '_posts') };
  }
  if (out.timezone === undefined && typeof site.timezone === 'string' && site.timezone !== '') out.timezone = site.timezone;
  return out;
}

/** feedmill's ConfigError names keys from the top of feedmill's settings: point them into _config.yml. */
function siteConfigError(err) {
  if (!err || err.name !== 'ConfigError' || !Array.isArray(err.issues)) return err;
  const lines = err.issues.map((i) => `_config.yml: feedmill${i.keyPath ? (i.keyPath.startsWith('[') ? '' : '.') + i.keyPath : ''}: ${i.message}`);
  return Object.assign(new Error(lines.join('\n')), { name: 'ConfigError', issues: err.issues });
}

/**
 * Loads the site's feedmill config through feedmill's library entry (`fm`). Returns the config and where it
 * came from; throws an Error with a one-line message per problem.
 */
async function loadSiteConfig(hexo, fm) {
  const section = hexo.config.feedmill;
  const file = join(hexo.base_dir, 'feedmill.yml');
  if (section !== undefined && section !== null) {
    if (typeof section !== 'object' || Array.isArray(section)) {
      throw Object.assign(new Error('_config.yml: feedmill: expected a mapping with feeds:'), { usage: true });
    }
    try {
      return { config: fm.configFromObject(withSiteDefaults(section, hexo.config), hexo.base_dir), from: '_config.yml (feedmill:)', ignored: existsSync(file) ? file : null };
    } catch (err) {
      throw siteConfigError(err);
    }
  }
  if (existsSync(file)) return { config: await fm.loadConfig(file), from: 'feedmill.yml', ignored: null };
  throw Object.assign(new Error('no feedmill settings: add a `feedmill:` section with `feeds:` to _config.yml, or a feedmill.yml beside it'), { usage: true });
}

module.exports = { loadSiteConfig, withSiteDefaults };
