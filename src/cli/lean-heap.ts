// `feedmill run` is a short batch job with little live data, but V8 sizes its heap for throughput: a first run
// of 1,000 feeds × 30 items peaked near 250 MB. Keeping the young generation at its initial size and the old one
// growing by 50% per collection held it near 160 MB at the same CPU (figures in bench/README.md). The CLI owns
// its process; library users keep their own settings.
import { setFlagsFromString } from 'node:v8';

const FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=50'];

export function useLeanHeap(): void {
  // V8 prints (rather than throws) on a flag it does not know: only where these are known to exist
  const major = Number(process.versions.node.split('.')[0]);
  if (!(major >= 20 && major <= 24)) return;
  const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  for (const flag of FLAGS) {
    const name = flag.slice(2, flag.indexOf('='));
    // the user's own choice (node --flag, NODE_OPTIONS) wins
    if (given.includes(name) || given.includes(name.replace(/-/g, '_'))) continue;
    setFlagsFromString(flag);
  }
}
