// node local-aws/cli.ts [--seed file | --quota-size] [--port N] [--max-page-size N] [--latency-ms N] [--job-seconds-per-poll N]
//                       [--rate-limits JSON]
// --quota-size: the quota-size account of scale-seed.ts (1,000 user pools and identity pools in us-east-1).
// --rate-limits: request-rate quotas as rate-limits.ts describes them, e.g. '{"cognito-idp:ListUserPools": 5}'.
import { parseArgs } from 'node:util';
import { quotaSizeSeed } from './scale-seed.ts';
import { startLocalAws } from './server.ts';

function positiveInteger(name: string, value: string | undefined, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < (allowZero ? 0 : 1)) {
    throw new Error(`--${name} expects a ${allowZero ? 'non-negative' : 'positive'} integer, got ${value}`);
  }
  return number;
}

async function main() {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      'quota-size': { type: 'boolean' },
      port: { type: 'string' },
      'max-page-size': { type: 'string' },
      'latency-ms': { type: 'string' },
      'job-seconds-per-poll': { type: 'string' },
      'rate-limits': { type: 'string' },
    },
  });
  const rateLimits = values['rate-limits'] === undefined ? undefined : JSON.parse(values['rate-limits']);
  if (values.seed !== undefined && values['quota-size'])
    throw new Error('--seed and --quota-size exclude each other');
  const aws = await startLocalAws({
    seed: values['quota-size'] ? quotaSizeSeed() : values.seed,
    port: positiveInteger('port', values.port, true),
    maxPageSize: positiveInteger('max-page-size', values['max-page-size']),
    latencyMs: positiveInteger('latency-ms', values['latency-ms'], true),
    jobSecondsPerPoll: positiveInteger('job-seconds-per-poll', values['job-seconds-per-poll'], true),
    rateLimits,
  });
  console.log(`local AWS listening on ${aws.url}`);
  for (const [name, value] of Object.entries(aws.env())) console.log(`${name}=${value}`);
  const stop = () => {
    aws.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(`local AWS: ${error.message}`);
  process.exit(1);
});
