// node local-aws/cli.ts [--seed file] [--port N] [--max-page-size N] [--latency-ms N] [--job-seconds-per-poll N]
import { parseArgs } from 'node:util';
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
      port: { type: 'string' },
      'max-page-size': { type: 'string' },
      'latency-ms': { type: 'string' },
      'job-seconds-per-poll': { type: 'string' },
    },
  });
  const aws = await startLocalAws({
    seed: values.seed,
    port: positiveInteger('port', values.port, true),
    maxPageSize: positiveInteger('max-page-size', values['max-page-size']),
    latencyMs: positiveInteger('latency-ms', values['latency-ms'], true),
    jobSecondsPerPoll: positiveInteger('job-seconds-per-poll', values['job-seconds-per-poll'], true),
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
