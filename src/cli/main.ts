// The feedmill command line. Startup must stay cheap (≤ 60 ms over `node -e 0`): this file imports
// nothing heavy at the top; commander is loaded on demand and every command loads its own modules.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command as CommandType } from 'commander';
import { CliError, EXIT } from './exit.js';
import type { RunCommandOptions } from './commands/run.js';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

// commander adds `(default: "feedmill.yml")` itself: the text must not say it again
const CONFIG_HELP = 'config file, relative to the current directory';

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

export async function main(argv: string[]): Promise<void> {
  const args = argv.slice(2);
  // Fast path: no commander at all for the version.
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${version()}\n`);
    return;
  }
  const run = fastRunOptions(args);
  if (run) {
    try {
      const { runCommand } = await import('./commands/run.js');
      process.exitCode = await runCommand(run);
    } catch (err) {
      process.exitCode = exitCodeFor(err);
    }
    return;
  }
  const { Command } = await import('commander');
  const program = buildProgram(new Command());
  try {
    await program.parseAsync(argv, { from: 'node' });
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

// `run`'s options, for commander and for the fast path below.
const RUN_OPTIONS = [
  { name: 'config', short: 'c', value: '<file>', help: CONFIG_HELP },
  { name: 'strict', help: 'exit 1 when any feed failed' },
  { name: 'quiet', short: 'q', help: 'print only failures' },
  { name: 'verbose', short: 'v', help: 'print diagnostics while running' },
  { name: 'force', short: 'f', help: 'also fetch feeds that are backing off after failures' },
  { name: 'offline', help: 'do not ask the RSSHub instance for its route catalog (feeds are still fetched)' },
  { name: 'feed', value: '<name...>', multiple: true, help: 'run only these feeds (key, URL, RSSHub route or title); repeatable' },
  { name: 'dry-run', help: 'fetch and render, but write no post and nothing to the state; list what would be written' },
  { name: 'json', help: 'print the summary as JSON on stdout' },
] as const;

/**
 * `run` is what cron starts every few minutes: its usual forms are read without loading commander (~10 ms
 * of every start). Anything else — help, an unknown option, a missing value — goes to commander, whose
 * messages and exit codes stay the only ones users see.
 */
function fastRunOptions(args: string[]): RunCommandOptions | null {
  if (args[0] !== 'run') return null;
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of RUN_OPTIONS) {
    options[o.name] = { type: 'value' in o ? 'string' : 'boolean', ...('short' in o ? { short: o.short } : {}), ...('multiple' in o ? { multiple: true } : {}) };
  }
  try {
    const { values } = parseArgs({ args: args.slice(1), options, strict: true, allowPositionals: false });
    const v = values as Partial<Record<string, string | boolean | string[]>>;
    if (v.config === '' || (Array.isArray(v.feed) && v.feed.some((f) => f === ''))) return null;
    return {
      config: typeof v.config === 'string' ? v.config : 'feedmill.yml',
      strict: v.strict === true || undefined,
      quiet: v.quiet === true || undefined,
      verbose: v.verbose === true || undefined,
      force: v.force === true || undefined,
      offline: v.offline === true || undefined,
      feed: Array.isArray(v.feed) ? v.feed : undefined,
      dryRun: v['dry-run'] === true || undefined,
      json: v.json === true || undefined,
    };
  } catch {
    return null;
  }
}

function exitCodeFor(err: unknown): number {
  const e = err as { code?: string; exitCode?: number; name?: string; message?: string };
  if (typeof e?.code === 'string' && e.code.startsWith('commander.')) {
    // help and version are successes; usage errors (unknown command/option, missing argument) are exit 2
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    // `feedmill` alone prints the help as an error (no command given)
    if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : EXIT.usage;
    return EXIT.usage;
  }
  if (err instanceof CliError) {
    if (err.message) process.stderr.write(`${err.message}\n`);
    return err.exitCode;
  }
  if (e?.name === 'ConfigError') {
    process.stderr.write(`${e.message}\n`);
    return EXIT.config;
  }
  // the state is locked by a run, or cannot be opened: one line, not a stack
  if (e?.name === 'RunLockedError' || e?.name === 'StoreError') {
    process.stderr.write(`feedmill: ${e.message}\n`);
    return EXIT.fatal;
  }
  process.stderr.write(`feedmill: fatal: ${(err as Error)?.stack ?? String(err)}\n`);
  return EXIT.fatal;
}

function buildProgram(program: CommandType): CommandType {
  program
    .name('feedmill')
    .description('Turn RSS, Atom, RDF and JSON feeds (RSSHub routes first) into Hexo posts, incrementally.')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run `feedmill --help` for the list of commands, or `feedmill <command> --help`)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureHelp({ sortSubcommands: false })
    .addHelpText(
      'after',
      `${examples([
        'feedmill init                      # write a commented starter feedmill.yml',
        'feedmill add /guancha/headline     # add an RSSHub route (categories from the catalog)',
        'feedmill run                       # fetch every feed and write new posts',
        'feedmill status                    # health of every feed',
      ])}
Exit codes: 0 run completed (even when some feeds failed), 1 fatal error (or --strict with failed feeds),
2 configuration or usage error.`,
    );

  const run = program
    .command('run')
    .description('fetch every feed, write new and changed posts, print a per-feed summary')
    .addHelpText(
      'after',
      examples([
        'feedmill run',
        'feedmill run -c blog/feedmill.yml --strict',
        'feedmill run --quiet   # for cron',
        'feedmill run --dry-run --feed /guancha/headline',
        'feedmill run --json | jq .newPosts',
      ]),
    )
    .action(async (opts: RunCommandOptions) => {
      const { runCommand } = await import('./commands/run.js');
      process.exitCode = await runCommand(opts);
    });
  for (const o of RUN_OPTIONS) {
    const flags = `${'short' in o ? `-${o.short}, ` : ''}--${o.name}${'value' in o ? ` ${o.value}` : ''}`;
    if (o.name === 'config') run.option(flags, o.help, 'feedmill.yml');
    else run.option(flags, o.help);
  }

  program
    .command('watch')
    .description('keep running: fetch each feed when it is due (its interval, Cache-Control max-age, <ttl>, backoff); SIGTERM finishes the feeds in flight and exits 0')
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .option('--interval <duration>', 'how often a feed without its own `interval` is fetched', '30m')
    .option('-q, --quiet', 'print only failures')
    .option('-v, --verbose', 'print every feed and diagnostics')
    .option('--offline', 'do not ask the RSSHub instance for its route catalog (feeds are still fetched)')
    .addHelpText('after', examples(['feedmill watch', 'feedmill watch --interval 15m -c blog/feedmill.yml']))
    .action(async (opts: { config: string; interval: string; quiet?: boolean; verbose?: boolean; offline?: boolean }) => {
      const { watchCommand } = await import('./commands/watch.js');
      process.exitCode = await watchCommand(opts);
    });

  program
    .command('status')
    .description('show the health of every configured feed (last success, last error, failures, next attempt, items)')
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', examples(['feedmill status', 'feedmill status --json | jq ".[] | select(.failures > 0)"']))
    .action(async (opts: { config: string; json?: boolean }) => {
      const { statusCommand } = await import('./commands/status.js');
      process.exitCode = await statusCommand(opts);
    });

  program
    .command('serve')
    .description('show the news, each post and the feeds\' health in a browser, with "run now"')
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .option('--port <n>', 'port to listen on', '4000')
    .option('--host <address>', 'address to listen on; any but loopback needs --token', '127.0.0.1')
    .option('--token <token>', 'every request must carry it (default: $FEEDMILL_SERVE_TOKEN)')
    .addHelpText('after', examples(['feedmill serve', 'feedmill serve --port 8080', 'feedmill serve --host 0.0.0.0 --token "$(openssl rand -hex 16)"']))
    .action(async (opts: { config: string; port: string; host: string; token?: string }) => {
      const { serveCommand } = await import('./commands/serve.js');
      process.exitCode = await serveCommand(opts);
    });

  program
    .command('schedule')
    .description('cluster: put the feeds that are due on the job queue (state: postgres://…), once per feed')
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .option('--offline', 'do not ask the RSSHub instance for its route catalog')
    .option('--visibility-timeout <seconds>', 'a job whose worker stops answering is retried after this long', '30')
    .option('-f, --force', 'enqueue every feed now, due or not')
    .addHelpText('after', examples(['feedmill schedule            # from cron, every minute', 'feedmill schedule --force    # every feed now']))
    .action(async (opts: { config: string; offline?: boolean; force?: boolean; visibilityTimeout?: string }) => {
      const { scheduleCommand } = await import('./commands/cluster.js');
      process.exitCode = await scheduleCommand(opts);
    });

  program
    .command('worker')
    .description('cluster: refresh queued feeds, keeping their posts in the store (write them with sync)')
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .option('--concurrency <n>', 'feeds at once in this worker (default: fetch.concurrency)')
    .option('--until-idle', 'exit once no job is queued or in flight in the cluster')
    .option('--offline', 'do not ask the RSSHub instance for its route catalog')
    .option('-q, --quiet', 'print only failures')
    .option('-v, --verbose', 'print diagnostics')
    .addHelpText('after', examples(['feedmill worker --concurrency 32', 'feedmill worker --until-idle']))
    .action(async (opts: { config: string; concurrency?: string; untilIdle?: boolean; offline?: boolean; quiet?: boolean; verbose?: boolean }) => {
      const { workerCommand } = await import('./commands/cluster.js');
      process.exitCode = await workerCommand(opts);
    });

  program
    .command('sync')
    .description("cluster: write, rewrite and remove a site's post files from the store (idempotent)")
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .option('--dir <dir>', 'the folder of posts (default: output.dir)')
    .option('--feed <keys...>', 'only these feeds (their url, or rsshub:route)')
    .option('--category <names...>', 'only posts in these categories')
    .addHelpText('after', examples(['feedmill sync', 'feedmill sync --dir site-b/source/_posts --category 科技']))
    .action(async (opts: { config: string; dir?: string; feed?: string[]; category?: string[] }) => {
      const { syncCommand } = await import('./commands/cluster.js');
      process.exitCode = await syncCommand(opts);
    });

  program
    .command('validate')
    .description('check the config file and the RSSHub catalog lookups, without fetching anything')
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .addHelpText('after', examples(['feedmill validate', 'feedmill validate -c blog/feedmill.yml']))
    .action(async (opts: { config: string }) => {
      const { validateCommand } = await import('./commands/validate.js');
      process.exitCode = await validateCommand(opts);
    });

  program
    .command('init')
    .description('write a commented starter feedmill.yml for a Hexo blog (never overwrites)')
    .argument('[file]', 'where to write it', 'feedmill.yml')
    .addHelpText('after', examples(['feedmill init', 'feedmill init blog/feedmill.yml']))
    .action(async (file: string) => {
      const { initCommand } = await import('./commands/init.js');
      process.exitCode = await initCommand(file);
    });

  program
    .command('add')
    .description('add a feed: an RSSHub route, a feed URL, or a web page whose feeds are discovered')
    .argument('<url-or-route>', 'RSSHub route (/juejin/category/frontend), feed URL or web page URL')
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .option('--category <names...>', 'one name: the first category; several: the whole category list')
    .option('--pick <n>', 'which discovered feed to add (1 = the first)', '1')
    .option('--title <title>', 'a human title for the feed')
    .option('--offline', 'use only the bundled RSSHub catalog')
    .addHelpText(
      'after',
      examples([
        'feedmill add /guancha/headline',
        'feedmill add rsshub:/juejin/category/frontend',
        'feedmill add https://example.com/blog --category 博客',
        'feedmill add https://example.com/feed.xml --category 科技 Example 文章',
      ]),
    )
    .action(async (target: string, opts: { config: string; category?: string[]; pick: string; title?: string; offline?: boolean }) => {
      const { addCommand } = await import('./commands/add.js');
      process.exitCode = await addCommand(target, opts);
    });

  program
    .command('import')
    .description('add every feed of an OPML file to the config; nested outlines become categories')
    .argument('<file>', 'OPML file (from another feed reader)')
    .option('-c, --config <file>', `${CONFIG_HELP}; created when missing`, 'feedmill.yml')
    .addHelpText('after', examples(['feedmill import subscriptions.opml', 'feedmill import feeds.opml -c blog/feedmill.yml']))
    .action(async (file: string, opts: { config: string }) => {
      const { importCommand } = await import('./commands/opml.js');
      process.exitCode = await importCommand(file, opts);
    });

  program
    .command('export')
    .description('write the configured feeds as OPML 2.0, categories as nested outlines')
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText('after', examples(['feedmill export > subscriptions.opml', 'feedmill export -o subscriptions.opml']))
    .action(async (opts: { config: string; output?: string }) => {
      const { exportCommand } = await import('./commands/opml.js');
      process.exitCode = await exportCommand(opts);
    });

  program
    .command('remove')
    .description('take a feed out of the config (keeping its comments); --posts also deletes its posts and forgets its items')
    .argument('<feed>', 'the feed: its URL, RSSHub route, key or title')
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .option('--posts', 'also delete its post files and what the state remembers of its items')
    .addHelpText('after', examples(['feedmill remove /36kr/newsflashes', 'feedmill remove https://example.com/feed.xml --posts']))
    .action(async (feed: string, opts: { config: string; posts?: boolean }) => {
      const { removeCommand } = await import('./commands/remove.js');
      process.exitCode = await removeCommand(feed, opts);
    });

  program
    .command('prune')
    .description('list old posts (--older-than, --keep) or unused downloaded images (--images); --yes removes them')
    .option('-c, --config <file>', CONFIG_HELP, 'feedmill.yml')
    .option('--older-than <duration>', 'posts dated longer ago than this (30d, 12h)')
    .option('--keep <n>', 'all but the newest N posts (with --older-than: only posts that are both)')
    .option('--images', 'prune the images folder (images.dir)')
    .option('--yes', 'remove the files instead of listing them; pruned posts stay remembered and never come back')
    .addHelpText(
      'after',
      examples(['feedmill prune --older-than 30d', 'feedmill prune --keep 500 --yes', 'feedmill prune --older-than 90d --images --yes', 'feedmill prune --images']),
    )
    .action(async (opts: { config: string; images?: boolean; olderThan?: string; keep?: string; yes?: boolean }) => {
      const { pruneCommand } = await import('./commands/prune.js');
      process.exitCode = await pruneCommand(opts);
    });

  program
    .command('extract')
    .description('print the article feedmill extracts from a web page (HTML, or plain text with --text)')
    .argument('<file-or-url>', 'a saved HTML page, or an http(s) URL to fetch')
    .option('--url <url>', "the page's address, for a saved file: the base of relative links and which site rule applies")
    .option('--text', 'print plain text instead of HTML')
    .option('--json', 'print every field (html, text, title, image, canonical, lang, method) as JSON')
    .option('--selector <css>', 'use this CSS selector for the article (to test a site rule)')
    .option('--remove <css>', 'with --selector: elements to drop inside the article (a selector list: ".share, .ad")')
    .option('--no-rules', 'ignore site rules (the generic extractor only)')
    .option('-c, --config <file>', 'read fetch settings and fulltext.rules from this config file')
    .addHelpText(
      'after',
      examples([
        'feedmill extract https://www.ithome.com/0/800/123.htm',
        'feedmill extract --text --url https://www.guancha.cn/a/2022_01_27_623456.shtml page.html',
        'feedmill extract --selector ".article-content" --remove ".share, .ad" https://example.com/post/1',
        'feedmill extract --json page.html | jq .image',
      ]),
    )
    .action(async (target: string, opts: { url?: string; text?: boolean; json?: boolean; selector?: string; remove?: string; rules?: boolean; config?: string }) => {
      const { extractCommand } = await import('./commands/extract.js');
      process.exitCode = await extractCommand(target, opts);
    });

  program
    .command('parse')
    .description('parse feed files and print one JSON line per file (the conformance contract)')
    .argument('<files...>', 'feed files')
    .option('--json', 'print JSON lines (the only output format)')
    .addHelpText('after', examples(['feedmill parse --json feed.xml', 'feedmill parse --json a.xml b.atom c.json']))
    .action(async (files: string[], opts: { json?: boolean }) => {
      const { parseCommand } = await import('./commands/parse.js');
      process.exitCode = await parseCommand(files, opts);
    });

  return program;
}
