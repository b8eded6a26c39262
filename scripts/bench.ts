// Measures what every user pays: the bundle's size, its load time next to a bare `node` start, and the wall
// time of whole runs against the local AWS, with latency injected on every AWS call (50 ms unless told), as a
// ratio to their floor: a bare `node` start plus the run's round trips. Then, unless --discovery false, the
// discovery benchmark at quota size (scripts/bench-discovery.ts).
// Each sample is paired: a bare `node` start runs right before the measured one, and ratios are taken pair by pair,
// so a busy machine slows both sides of a ratio alike. Medians, with the quartiles of the ratios as their spread.
// With --compare FILE, another action's bundle also starts with no inputs in every load pair, and the load is given
// next to it too, pair by pair. With --sdk FILE (the bundle of scripts/sdk-reference), each apply pair also runs the
// AWS calls the action just made, in the same rounds, with the AWS SDK alone: how much of the apply's ratio is the
// SDK's own start and first calls, which no work of the action's can bring down.
// node scripts/bench.ts [--runs N] [--latency-ms N] [--discovery false] [--compare FILE] [--sdk FILE]
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { parseArgs, promisify } from 'node:util';
import { type RecordedRequest, startLocalAws } from '../local-aws/server.ts';
import { ACTION_ENTRY, runAction } from './run-action.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    'latency-ms': { type: 'string', default: '50' },
    discovery: { type: 'string', default: 'true' },
    compare: { type: 'string' },
    sdk: { type: 'string' },
  },
});
const runs = Number(values.runs);
const latencyMs = Number(values['latency-ms']);

const quartiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return [0.25, 0.5, 0.75].map((q) => sorted[Math.floor(q * (sorted.length - 1))] as number);
};
const median = (samples: number[]) => quartiles(samples)[1] as number;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const spread = (ratios: number[]) => {
  const [low, mid, high] = quartiles(ratios).map((ratio) => ratio.toFixed(2));
  return `${mid}× (quartiles ${low}–${high})`;
};

// A bare `node` start: the floor of every run.
const quiet = { stdio: 'ignore' as const, env: { PATH: process.env.PATH } };
const bareStart = async () => {
  const started = performance.now();
  await promisify(execFile)(process.execPath, ['-e', '0'], quiet);
  return performance.now() - started;
};

/** Paired samples: a bare start, then the measured body; the body's times, the bare ones, and their ratios. */
async function paired(body: (bare: number) => Promise<number>, floor: (bare: number) => number) {
  const bares: number[] = [];
  const times: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const bare = await bareStart();
    const time = await body(bare);
    bares.push(bare);
    times.push(time);
    ratios.push(time / floor(bare));
  }
  return { bare: median(bares), time: median(times), ratios };
}

/** A bundle started with no inputs: an action stops at its first required input, so this is almost all loading. */
const startEmpty = async (bundle: string) => {
  const started = performance.now();
  await promisify(execFile)(process.execPath, [bundle], quiet).catch(() => undefined); // exits 1: no inputs
  return performance.now() - started;
};

// Load time, with the other bundle (when given) started right after ours in each pair.
const againstOther: number[] = [];
const load = await paired(
  async () => {
    const ours = await startEmpty(ACTION_ENTRY);
    if (values.compare) againstOther.push(ours / (await startEmpty(values.compare)));
    return ours;
  },
  (bare) => bare,
);

const aws = await startLocalAws({ latencyMs });
const files = { '.github/amplify-auth.yml': readFileSync('sample/amplify-auth.yml', 'utf8') };

type Call = Pick<RecordedRequest, 'service' | 'operation' | 'input'>;
const callsSince = (before: number): Call[] =>
  aws.requests.slice(before).map(({ service, operation, input }) => ({ service, operation, input }));

/**
 * The action's calls in its rounds: all but the last `trips - 1` at once (validation reads everything together),
 * then each of the others alone (the write, then the read-back).
 */
const rounds = (calls: Call[], trips: number): Call[][] => {
  const first = calls.length - (trips - 1);
  return [calls.slice(0, first), ...calls.slice(first).map((call) => [call])];
};

/** The rounds' calls made by the SDK reference; its wall time. Throws unless the local AWS saw the same calls. */
async function sdkAlone(file: string, expected: Call[][]): Promise<number> {
  const before = aws.requests.length;
  const env = { ...quiet.env, ...aws.env(), SDK_REFERENCE_ROUNDS: JSON.stringify(expected) };
  const started = performance.now();
  await promisify(execFile)(process.execPath, [file], { env });
  const wall = performance.now() - started;
  const key = (calls: Call[]) => calls.map((call) => JSON.stringify(call)).sort();
  if (JSON.stringify(key(callsSince(before))) !== JSON.stringify(key(expected.flat()))) {
    throw new Error(`${file} did not make the action's calls: rebuild it (npm run bench:baseline)`);
  }
  return wall;
}

/**
 * Paired wall times of a push to main, and its AWS calls; `trips`: its round trips, one after the other. With
 * `sdk`, the same calls by the SDK alone after each run, from the same starting state, set against the same floor.
 */
async function measure(inputs: Record<string, string>, trips: number, reset: () => void, sdk?: string) {
  let calls = 0;
  const sdkRatios: number[] = [];
  const sdkTimes: number[] = [];
  const result = await paired(
    async (bare) => {
      reset();
      const before = aws.requests.length;
      const started = performance.now();
      const run = await runAction({
        inputs: { 'app-id': 'd1exampleapp01', ...inputs },
        event: { name: 'push', ref: 'refs/heads/main' },
        awsEnv: aws.env(),
        files,
        entry: 'dist',
      });
      const wall = performance.now() - started;
      if (run.exitCode !== 0) throw new Error(`run failed:\n${run.stdout}${run.stderr}`);
      const made = callsSince(before);
      calls = made.length;
      if (sdk) {
        reset();
        const time = await sdkAlone(sdk, rounds(made, trips));
        sdkTimes.push(time);
        sdkRatios.push(time / (bare + trips * latencyMs)); // the pair's floor
      }
      return wall;
    },
    (bare) => bare + trips * latencyMs,
  );
  return { ...result, calls, trips, sdk: sdk ? { time: median(sdkTimes), ratios: sdkRatios } : undefined };
}
const describe = ({ time, bare, ratios, calls, trips }: Awaited<ReturnType<typeof measure>>) =>
  `${ms(time)} wall, floor ${ms(bare + trips * latencyMs)} (bare node + ${trips} round trips): ${spread(ratios)}, ${calls} AWS calls`;

let writing: Awaited<ReturnType<typeof measure>>;
let checking: Awaited<ReturnType<typeof measure>>;
try {
  // Validation is one round trip (every read at once), then the write and the read-back: three in all.
  // A write every time: the branch starts without the managed variables.
  writing = await measure(
    {},
    3,
    () => aws.state.setBranchVariables('d1exampleapp01', 'main', { API_URL: 'https://api.example.com' }),
    values.sdk,
  );
  // Validation and comparison only: every read at once, nothing written.
  checking = await measure({ mode: 'check' }, 1, () => undefined);
} finally {
  await aws.close();
}

const chunks = readdirSync('dist').filter((name) => name.endsWith('.js') && name !== 'index.js');
const chunkBytes = chunks.reduce((sum, name) => sum + statSync(`dist/${name}`).size, 0);
const mainBytes = statSync(ACTION_ENTRY).size;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(`node ${process.version}, ${runs} paired runs each, medians`);
console.log(
  `bundle                     ${kib(mainBytes + chunkBytes)}: dist/index.js ${kib(mainBytes)} + ${chunks.length} chunks loaded on demand ${kib(chunkBytes)}`,
);
console.log(`bare node start-up         ${ms(load.bare)}`);
console.log(`node dist/index.js (load)  ${ms(load.time)}: ${spread(load.ratios)} bare node`);
if (values.compare) console.log(`                           ${spread(againstOther)} ${values.compare}`);
console.log(`AWS latency per call       ${latencyMs} ms`);
console.log(`push, validate and write   ${describe(writing)}`);
if (writing.sdk) {
  console.log(
    `  the same calls, SDK alone ${ms(writing.sdk.time)} wall: ${spread(writing.sdk.ratios)} (${values.sdk})`,
  );
}
console.log(`push, mode: check          ${describe(checking)}`);

if (values.discovery !== 'false') {
  console.log('');
  execFileSync(process.execPath, ['scripts/bench-discovery.ts', '--latency-ms', String(latencyMs || 20)], {
    stdio: 'inherit',
  });
}
