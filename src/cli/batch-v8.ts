// `feedmill run` is a short batch job with little live data, but V8 is tuned for long-running servers:
// - the old generation growing by 50% per collection instead of V8's factor held a 1,000-feed first pass at
//   ~155 MiB instead of ~190 (4-5% more CPU);
// - functions called a few thousand times were compiled by TurboFan on background threads at a cost above
//   what they then saved: 8× V8's interrupt budget before tiering up cut an all-304 pass's CPU by ~17%
//   (bench/README.md, "Tier-up in a batch run").
// Young-generation flags would have to be given when node starts (V8 sizes it then); the document worker's is
// capped in src/stage/pool.ts. The CLI owns its process; library users keep their own settings.
import { setFlagsFromString } from 'node:v8';

const FLAGS = ['--heap-growing-percent=50', '--interrupt-budget=540672', '--liftoff-only'];

export function tuneV8ForBatch(): void {
  // V8 prints (rather than throws) on a flag it does not know: only where these are known to exist
  const major = Number(process.versions.node.split('.')[0]);
  if (!(major >= 20 && major <= 24)) return;
  const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  for (const flag of FLAGS) {
    const name = flag.slice(2).split('=')[0]!;
    // the user's own choice (node --flag, NODE_OPTIONS) wins
    if (given.includes(name) || given.includes(name.replace(/-/g, '_'))) continue;
    setFlagsFromString(flag);
  }
}
