// Discovery at quota size: the local AWS holds 1,000 user pools, 1,000 identity pools and a pool with 1,000 clients
// and 500 groups, answers each call after `--latency-ms`, and throttles at Cognito's documented rates. For each form
// a file can use, the action's own resolve stage runs once; the table gives its AWS calls and wall time next to the
// lower bound: the list pages the answer needs (walked one after another) plus the describes that cannot be avoided
// (at Cognito's documented rates).
// node scripts/bench-discovery.ts [--latency-ms N]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CognitoReader, READS_PER_SECOND } from '../src/aws/cognito-reader.ts';
import { resolveEnvironment } from '../src/aws/discovery.ts';
import { TaggingApi } from '../src/aws/tagged-resources.ts';
import { parseEnvironmentsFile } from '../src/core/config/file.ts';
import { FORMS, type Form, REGION } from './discovery-forms.ts';

const { values } = parseArgs({ options: { 'latency-ms': { type: 'string', default: '20' } } });
const latencyMs = Number(values['latency-ms']);

/**
 * The least wall time those calls can take: each answered after `latency`, list pages one after another, and no
 * more calls of one quota started in any second than its rate allows.
 */
function leastTime({ lists, listRate, describes, rate, shared }: Form['bound'], latency: number): number {
  const started: Record<string, number[]> = { lists: [], describes: [] };
  const slot = (quota: string, limit: number, earliest: number) => {
    const starts = started[quota] as number[];
    const blocking = starts.length >= limit ? (starts[starts.length - limit] as number) + 1000 : 0;
    const at = Math.max(earliest, blocking);
    starts.push(at);
    return at;
  };
  let end = 0;
  for (let i = 0; i < lists; i++) end = slot('lists', listRate, end) + latency;
  let last = end;
  for (let i = 0; i < describes; i++) {
    last = Math.max(last, slot(shared ? 'lists' : 'describes', shared ? listRate : rate, end) + latency);
  }
  return last;
}

// Cognito's documented rates (per account and region), so a client that paced itself wrongly would be throttled.
// The local AWS runs in its own process, as AWS would: in this one, its timers would share the event loop with the
// client's and bunch requests together.
const aws = await startLocalAwsProcess(latencyMs, {
  UserPoolRead: {
    perSecond: READS_PER_SECOND.userPool,
    actions: ['cognito-idp:ListUserPools', 'cognito-idp:DescribeUserPool'],
  },
  UserPoolClientRead: {
    perSecond: READS_PER_SECOND.client,
    actions: ['cognito-idp:ListUserPoolClients', 'cognito-idp:DescribeUserPoolClient'],
  },
  'cognito-idp:ListGroups': { perSecond: 5, per: 'pool' },
  'cognito-idp:GetGroup': { perSecond: 5, per: 'pool' },
});
Object.assign(process.env, aws.env);

const rows: string[][] = [];
try {
  for (const form of FORMS) {
    // Each form starts with the account's quotas unused, as a run of its own would: the last form's reads leave
    // Cognito's one-second windows first.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await aws.control('DELETE', '/_local/faults');
    if (form.deny) await aws.control('POST', '/_local/faults', { kind: 'deny', service: 'tagging' });
    const file = parseEnvironmentsFile(
      `environments:\n  bench:\n${form.lines.map((line) => `    ${line}`).join('\n')}\n`,
      'bench.yml',
    );
    const [environment] = file.environments;
    if (!environment) throw new Error('no environment');
    const before = (await aws.requests()).length;
    const settings = { region: REGION };
    const started = performance.now();
    await resolveEnvironment(environment, {
      region: REGION,
      cognito: new CognitoReader(settings),
      tagged: new TaggingApi(settings),
    });
    const wall = performance.now() - started;
    const sent = (await aws.requests()).slice(before);
    const { lists, describes } = form.bound;
    const boundMs = leastTime(form.bound, latencyMs);
    rows.push([
      form.title,
      String(sent.length),
      String(lists + describes),
      `${(wall / 1000).toFixed(2)} s`,
      `${(boundMs / 1000).toFixed(2)} s`,
      // A 400 from Cognito here can only be throttling (the denied GetResources is the tagging service).
      String(
        sent.filter((request) => request.status === 400 && request.service.startsWith('cognito')).length,
      ),
    ]);
  }
} finally {
  aws.close();
}

interface RecordedCall {
  service: string;
  operation: string;
  status: number;
}

/** `node local-aws/cli.ts --quota-size` in a child process, with its environment and control surface. */
async function startLocalAwsProcess(latency: number, rateLimits: Record<string, unknown>) {
  const child = spawn(
    process.execPath,
    [
      'local-aws/cli.ts',
      '--quota-size',
      '--latency-ms',
      String(latency),
      '--rate-limits',
      JSON.stringify(rateLimits),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const env: Record<string, string> = {};
  for await (const line of lines) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) env[match[1] as string] = match[2] as string;
    if (match?.[1] === 'AWS_SHARED_CREDENTIALS_FILE') break;
  }
  const url = env.AWS_ENDPOINT_URL as string;
  const control = async (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then(
      (r) => r.json(),
    );
  return {
    env,
    control,
    requests: () => control('GET', '/_local/requests') as Promise<RecordedCall[]>,
    close: () => child.kill('SIGTERM'),
  };
}

console.log(
  `Discovery at quota size (1,000 user pools, 1,000 identity pools, a pool with 1,000 clients and 500 groups), ${latencyMs} ms per call:\n`,
);
console.log('| form | calls | calls bound | wall | time bound | throttled |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
