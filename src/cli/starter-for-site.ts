// The starter config fitted to a Hexo site's _config.yml: posts in <source_dir>/_posts, dates in the site's
// timezone (dateStyle local, so Hexo shows them unshifted), file names that follow new_post_name's date prefix.
import type { HexoSite } from './hexo-site.js';

/** A feedmill file-name template for Hexo's new_post_name, or null when it has no equivalent (folders, :lang …). */
export function filenameFor(newPostName: string): string | null {
  const base = newPostName.replace(/\.md$/i, '');
  if (base === ':title') return '{date}-{hash}';
  // Hexo reads the date prefix back from the name and keeps the rest as the post's slug
  if (base === ':year-:month-:day-:title') return '{date}-{hash}';
  return null;
}

/**
 * Replaces one whole line of the starter (it must be there: the starter and this file change together); a
 * `value # comment` line keeps its comment in the starter's column.
 */
function replaceLine(text: string, starts: string, line: string): string {
  const at = text.indexOf(`\n${starts}`);
  if (at < 0) throw new Error(`starter config has no line starting with ${JSON.stringify(starts)}`);
  const end = text.indexOf('\n', at + 1);
  const column = text.slice(at + 1, end).indexOf('#');
  const [value, comment] = line.split(' # ');
  const aligned = comment === undefined ? line : `${value!.padEnd(column - 1)} # ${comment}`;
  return text.slice(0, at + 1) + aligned + text.slice(end);
}

export function starterForSite(starter: string, site: HexoSite): string {
  let text = starter;
  const posts = `${site.sourceDir.replace(/\/+$/, '')}/_posts`;
  text = replaceLine(text, '  dir: source/_posts', `  dir: ${posts} # the site's source_dir + _posts`);
  if (site.timezone !== '') {
    text = replaceLine(text, '  dateStyle: rfc1123', `  dateStyle: local # '2022-01-27 18:09:07' in timezone: Hexo reads it in the site's timezone, unshifted`);
    text = replaceLine(text, 'timezone: Asia/Shanghai', `timezone: ${site.timezone} # the site's timezone: feed timestamps without a zone, and the posts' dates`);
  }
  const filename = filenameFor(site.newPostName);
  if (filename === null) {
    text = replaceLine(
      text,
      '  filename: "{date}-{hash}"',
      `  filename: "{date}-{hash}" # the site's new_post_name (${site.newPostName}) has no equivalent here (no folders); {date} {hash} {title} {id}`,
    );
  }
  const note = `# Fitted to the Hexo site in this folder (_config.yml: source_dir ${site.sourceDir}, timezone ${site.timezone || '(unset)'}, new_post_name ${site.newPostName}).\n`;
  const firstBreak = text.indexOf('\n') + 1;
  return text.slice(0, firstBreak) + note + text.slice(firstBreak);
}
