// The local AWS as the tests start it. Every instance records, when it closes, which operations it was asked and
// which secrets it held (the credentials it hands out and any client secret in its state), so that the audit
// suite (test/audit/) can check the README's IAM policy and scan every log for leaks across all suites.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalAws, type LocalAwsOptions, startLocalAws } from '../../local-aws/server.ts';

export type TestAws = LocalAws;

/** The user agent the action's AWS clients add to every request. */
export const ACTION_USER_AGENT = 'amplify-cognito-env/';

/** Where the suites leave what the audit reads; set by the vitest global set-up. */
export const auditDir = (): string | undefined => process.env.AMPLIFY_COGNITO_ENV_AUDIT_DIR;

export async function startTestAws(options: LocalAwsOptions = {}): Promise<TestAws> {
  const aws = await startLocalAws(options);
  const close = aws.close.bind(aws);
  aws.close = async () => {
    // Only what the action's own clients sent (they name it in the user agent), not a test's direct SDK calls.
    const sent = aws.requests.filter((request) => request.userAgent.includes(ACTION_USER_AGENT));
    record('aws', {
      operations: [...new Set(sent.map((request) => `${request.service}:${request.operation}`))],
      secrets: secretsOf(aws),
    });
    await close();
  };
  return aws;
}

function secretsOf(aws: LocalAws): string[] {
  const env = aws.env();
  const clientSecrets = Object.values(aws.state.regions).flatMap((region) =>
    region.userPools.flatMap((pool) => pool.clients.flatMap((client) => client.clientSecret ?? [])),
  );
  return [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, ...clientSecrets].filter(
    (secret): secret is string => Boolean(secret),
  );
}

/** Appends one JSON line to this worker's file of the given kind in the audit folder. */
export function record(kind: 'aws' | 'run', entry: unknown): void {
  const dir = auditDir();
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${kind}-${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}
