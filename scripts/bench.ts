// Measures what every user pays: the bundle's size, its load time next to a bare `node` start, and the wall
// time of whole runs against the local AWS (optionally with latency injected on every AWS call).
// Then, unless --discovery false, the discovery benchmark at quota size (scripts/bench-discovery.ts).
// node scripts/bench.ts [--runs N] [--latency-ms N] [--discovery false]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startLocalAws } from '../local-aws/server.ts';
import { ACTION_ENTRY, runAction } from './run-action.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    'latency-ms': { type: 'string', default: '0' },
    discovery: { type: 'string', default: 'true' },
  },
});
const runs = Number(values.runs);
const latencyMs = Number(values['latency-ms']);

const median = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
const time = (body: () => void) => {
  const started = performance.now();
  body();
  return performance.now() - started;
};
const repeat = (body: () => void) => median(Array.from({ length: runs }, () => time(body)));

// Load time: the action with no inputs stops at input parsing, so the run is almost all module loading.
const quiet = { stdio: 'ignore' as const, env: { PATH: process.env.PATH } };
const bare = repeat(() => execFileSync(process.execPath, ['-e', '0'], quiet));
const loaded = repeat(() => {
  try {
    execFileSync(process.execPath, [ACTION_ENTRY], quiet);
  } catch {
    // exits 1: no app-id
  }
});

const aws = await startLocalAws({ latencyMs });
const files = { '.github/amplify-auth.yml': readFileSync('sample/amplify-auth.yml', 'utf8') };

// When each request is answered (the rule runs after the injected latency, just before the handler).
const answered: number[] = [];
aws.faults.push({ kind: 'mutate', when: 'before', apply: () => answered.push(performance.now()) });

/** Median wall time, AWS time (first request sent to last answer) and AWS calls of a push to main. */
async function measure(inputs: Record<string, string>, reset: () => void) {
  const walls: number[] = [];
  const awsTimes: number[] = [];
  const calls: number[] = [];
  for (let i = 0; i < runs; i++) {
    reset();
    answered.length = 0;
    const before = aws.requests.length;
    const started = performance.now();
    const result = await runAction({
      inputs: { 'app-id': 'd1exampleapp01', ...inputs },
      event: { name: 'push', ref: 'refs/heads/main' },
      awsEnv: aws.env(),
      files,
      entry: 'dist',
    });
    walls.push(performance.now() - started);
    awsTimes.push((answered.at(-1) ?? 0) - (answered[0] ?? 0) + latencyMs);
    calls.push(aws.requests.length - before);
    if (result.exitCode !== 0) throw new Error(`run failed:\n${result.stdout}${result.stderr}`);
  }
  return { wall: median(walls), aws: median(awsTimes), calls: median(calls) };
}
const describe = ({ wall, aws: inAws, calls }: { wall: number; aws: number; calls: number }, trips: number) =>
  `${wall.toFixed(0)} ms wall (floor: bare node + ${trips} round trips = ${(bare + trips * latencyMs).toFixed(0)} ms), ${inAws.toFixed(0)} ms in AWS, ${calls} AWS calls`;

let writing: Awaited<ReturnType<typeof measure>>;
let checking: Awaited<ReturnType<typeof measure>>;
try {
  // A write every time: the branch starts without the managed variables.
  writing = await measure({}, () =>
    aws.state.setBranchVariables('d1exampleapp01', 'main', { API_URL: 'https://api.example.com' }),
  );
  // Validation and comparison only: every read at once, nothing written.
  checking = await measure({ mode: 'check' }, () => undefined);
} finally {
  await aws.close();
}

const chunks = readdirSync('dist').filter((name) => name.endsWith('.js') && name !== 'index.js');
const chunkBytes = chunks.reduce((sum, name) => sum + statSync(`dist/${name}`).size, 0);
console.log(`node ${process.version}, ${runs} runs each, medians`);
console.log(
  `bundle dist/index.js       ${(statSync(ACTION_ENTRY).size / 1024).toFixed(0)} KiB (+ ${chunks.length} chunks loaded on demand, ${(chunkBytes / 1024).toFixed(0)} KiB)`,
);
console.log(`bare node start-up         ${bare.toFixed(0)} ms`);
console.log(`node dist/index.js (load)  ${loaded.toFixed(0)} ms (+${(loaded - bare).toFixed(0)} ms)`);
console.log(`AWS latency per call       ${latencyMs} ms`);
// Validation is one round trip (every read at once), then the write and the read-back.
console.log(`push, validate and write   ${describe(writing, 3)}`);
console.log(`push, mode: check          ${describe(checking, 1)}`);

if (values.discovery !== 'false') {
  console.log('');
  execFileSync(process.execPath, ['scripts/bench-discovery.ts', '--latency-ms', String(latencyMs || 20)], {
    stdio: 'inherit',
  });
}
