// What a run tells people: step outputs and the job summary. Pure, so the wording is tested without a runner.
import type { Environment, VariableNames } from './config.ts';
import type { Problem } from './errors.ts';
import { formatLocation } from './errors.ts';
import type { ChangeKind, ManagedVariables, VariablePlan } from './variables.ts';

export interface AppliedRun {
  kind: 'applied';
  gitBranch: string;
  amplifyBranch: string;
  environment: Environment;
  reason: string;
  names: VariableNames;
  managed: ManagedVariables;
  plan: VariablePlan;
  dryRun: boolean;
  writes: number;
  notes: string[];
  consoleUrl: string;
}

export interface SkippedRun {
  kind: 'skipped';
  gitBranch: string;
  amplifyBranch: string;
  reason: string;
}

export type RunOutcome = AppliedRun | SkippedRun;

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
] as const;

export type Outputs = Record<(typeof OUTPUT_NAMES)[number], string>;

export function outputs(run: RunOutcome): Outputs {
  if (run.kind === 'skipped') {
    return {
      environment: '',
      'amplify-branch': run.amplifyBranch,
      changed: 'false',
      'user-pool-id': '',
      'user-pool-client-id': '',
      'identity-pool-id': '',
      'auth-role-arn': '',
      'unauth-role-arn': '',
      variables: '{}',
    };
  }
  const { ids } = run.environment;
  return {
    environment: run.environment.name,
    'amplify-branch': run.amplifyBranch,
    changed: String(run.plan.changed),
    'user-pool-id': ids.userPoolId,
    'user-pool-client-id': ids.userPoolClientId,
    'identity-pool-id': ids.identityPoolId,
    'auth-role-arn': ids.authRoleArn,
    'unauth-role-arn': ids.unauthRoleArn,
    variables: JSON.stringify(run.managed.set),
  };
}

const TITLE = '### Amplify Cognito environment';

const KIND_LABEL: Record<ChangeKind, string> = {
  added: 'added',
  changed: 'changed',
  unchanged: 'unchanged',
  removed: 'removed',
};

export function summary(run: RunOutcome): string {
  if (run.kind === 'skipped') {
    return [
      `${TITLE}: no environment for \`${run.gitBranch}\``,
      '',
      `Skipped: ${run.reason}, and \`on-unmatched\` is \`skip\`. Amplify branch \`${run.amplifyBranch}\` was not touched.`,
    ].join('\n');
  }

  const { plan } = run;
  const rows = plan.changes.map(
    (change) =>
      `| \`${change.name}\` | ${cell(change.before)} | ${cell(change.after)} | ${KIND_LABEL[change.kind]} |`,
  );
  const counts = (['added', 'changed', 'removed', 'unchanged'] as const)
    .map((kind) => [kind, plan.changes.filter((change) => change.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');

  return [
    `${TITLE}: \`${run.environment.name}\` → Amplify branch \`${run.amplifyBranch}\``,
    '',
    `Environment **${run.environment.name}** was chosen because ${run.reason}.`,
    '',
    '| Variable | Before | After | |',
    '|---|---|---|---|',
    ...rows,
    '',
    `${counts}; ${plan.untouched} other variable${plan.untouched === 1 ? '' : 's'} on the branch left as ${plan.untouched === 1 ? 'it was' : 'they were'}.`,
    '',
    verdict(run),
    ...run.notes.map((note) => `\n> ${note}`),
    '',
    `[Open the branch in the Amplify console](${run.consoleUrl})`,
  ].join('\n');
}

function verdict(run: AppliedRun): string {
  if (run.dryRun) {
    return run.plan.changed
      ? '**Dry run:** nothing was written; the changes above are what a real run would make.'
      : '**Dry run:** nothing was written, and nothing would change.';
  }
  if (!run.plan.changed) return '**Verified:** the branch already held exactly these values; nothing was written.';
  const writes = run.writes === 1 ? 'one write' : `${run.writes} writes`;
  return `**Verified:** read back after ${writes}, the branch holds exactly these values and every other variable as it was.`;
}

export function failureSummary(problems: readonly Problem[], branchWritten: boolean): string {
  return [
    `${TITLE}: failed`,
    '',
    branchWritten
      ? 'The Amplify branch was written before the failure; see the messages below.'
      : 'Nothing was written to the Amplify branch.',
    '',
    ...problems.map((problem) => `- ${problem.location ? `\`${formatLocation(problem.location)}\`: ` : ''}${problem.message}`),
  ].join('\n');
}

function cell(value: string | undefined): string {
  if (value === undefined) return '—';
  return `\`${value.replace(/\|/g, '\\|')}\``;
}
