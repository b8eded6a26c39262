// The step outputs, from what the run found and did. Set on every run that got far enough to know them.
import type { RunReport } from './run-report.ts';

export const OUTPUT_NAMES = [
  'environment',
  'amplify-branch',
  'changed',
  'user-pool-id',
  'user-pool-client-id',
  'identity-pool-id',
  'auth-role-arn',
  'unauth-role-arn',
  'variables',
  'job-id',
  'job-status',
  'job-url',
  'deployment-url',
  'branch-created',
] as const;

export type Outputs = Record<(typeof OUTPUT_NAMES)[number], string>;

export function outputs(run: RunReport): Outputs {
  const ids = run.resolved?.ids;
  const changed =
    run.mode === 'apply' &&
    (run.dryRun ? run.errors.length === 0 && (run.plan?.changed ?? false) : run.variablesChanged);
  return {
    environment: run.environment?.name ?? '',
    'amplify-branch': run.amplifyBranch ?? '',
    changed: String(changed),
    'user-pool-id': ids?.userPoolId ?? '',
    'user-pool-client-id': ids?.userPoolClientId ?? '',
    'identity-pool-id': ids?.identityPoolId ?? '',
    'auth-role-arn': ids?.authRoleArn ?? '',
    'unauth-role-arn': ids?.unauthRoleArn ?? '',
    variables: JSON.stringify(run.managed?.set ?? {}),
    'job-id': run.deploy?.job?.jobId ?? '',
    'job-status': run.deploy?.job?.status ?? '',
    'job-url': run.deploy?.jobUrl ?? '',
    'deployment-url': run.deploymentUrl ?? '',
    'branch-created': String(run.branchCreated ?? false),
  };
}
