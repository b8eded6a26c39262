// What a run tells people: step outputs, the job summary and the annotations. Pure, so the wording is tested
// without a runner.
import type { CheckResult, CheckStatus } from '../core/checks.ts';
import type { Environment } from '../core/config.ts';
import { formatLocation, type Problem } from '../core/errors.ts';
import type { ManagedVariables, VariablePlan } from '../core/variables.ts';
import type { Mode } from './inputs.ts';

export interface ChosenRun {
  kind: 'chosen';
  mode: Mode;
  gitBranch: string;
  amplifyBranch: string;
  environment: Environment;
  reason: string;
  checks: CheckResult[];
  managed: ManagedVariables;
  plan: VariablePlan;
  dryRun: boolean;
  /** UpdateBranch calls made. */
  writes: number;
  /** Interference by other writers, noticed and handled. */
  notes: string[];
  /** Why the run fails: failed checks, or drift in check mode. Empty for a good run. */
  problems: Problem[];
  consoleUrl: string;
}

export interface SkippedRun {
  kind: 'skipped';
  gitBranch: string;
  amplifyBranch: string;
  reason: string;
}

export type RunOutcome = ChosenRun | SkippedRun;

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
  const ids = run.kind === 'chosen' ? run.environment.ids : undefined;
  return {
    environment: run.kind === 'chosen' ? run.environment.name : '',
    'amplify-branch': run.amplifyBranch,
    changed: String(
      run.kind === 'chosen' &&
        run.problems.length === 0 &&
        run.mode === 'apply' &&
        (run.dryRun ? run.plan.changed : run.writes > 0),
    ),
    'user-pool-id': ids?.userPoolId ?? '',
    'user-pool-client-id': ids?.userPoolClientId ?? '',
    'identity-pool-id': ids?.identityPoolId ?? '',
    'auth-role-arn': ids?.authRoleArn ?? '',
    'unauth-role-arn': ids?.unauthRoleArn ?? '',
    variables: JSON.stringify(run.kind === 'chosen' ? run.managed.set : {}),
  };
}

/** One problem per failed check detail; warnings separately. */
/** One problem per failed check detail, and warnings separately, each at the line of the ID it concerns. */
export function checkAnnotations(
  checks: readonly CheckResult[],
  environment: Environment,
): { errors: Problem[]; warnings: Problem[] } {
  const annotate = (status: CheckStatus) =>
    checks
      .filter((check) => check.status === status)
      .flatMap((check) =>
        check.details.map((detail) => ({
          message: `${check.title} check: ${detail}${check.prevents ? ` (Caught now: ${check.prevents}.)` : ''}`,
          location: check.key ? environment.idLocations[check.key] : environment.location,
        })),
      );
  return { errors: annotate('fail'), warnings: annotate('warn') };
}

/** In check mode: every managed variable whose value on the branch differs from the environment's. */
export function driftProblems(run: Pick<ChosenRun, 'plan' | 'amplifyBranch' | 'environment'>): Problem[] {
  return run.plan.changes
    .filter((change) => change.kind !== 'unchanged')
    .map((change) => ({
      message: `Drift on Amplify branch ${run.amplifyBranch}: ${change.name} is ${change.before === undefined ? 'not set' : `"${change.before}"`}, but environment ${run.environment.name} ${change.after === undefined ? 'does not set it' : `says "${change.after}"`}. Run the workflow in apply mode to write the environment again.`,
    }));
}

const TITLE = '### Amplify Cognito environment';
const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warn: '⚠️ warning',
  skip: '⏭️ skipped',
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
  const checking = run.mode === 'check';
  const counts = (['added', 'changed', 'removed', 'unchanged'] as const)
    .map((kind) => [kind, plan.changes.filter((change) => change.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${checking && kind !== 'unchanged' ? `to be ${kind}` : kind}`)
    .join(', ');
  return [
    `${TITLE}: \`${run.environment.name}\` → Amplify branch \`${run.amplifyBranch}\`${checking ? ' (check)' : ''}`,
    '',
    `Environment **${run.environment.name}** was chosen because ${run.reason}.`,
    '',
    ...checksTable(run.checks),
    '',
    checking ? '| Variable | On the branch | Environment | |' : '| Variable | Before | After | |',
    '|---|---|---|---|',
    ...plan.changes.map(
      (change) =>
        `| \`${change.name}\` | ${valueCell(change.before)} | ${valueCell(change.after)} | ${change.kind} |`,
    ),
    '',
    `${counts}; ${plan.untouched} other variable${plan.untouched === 1 ? '' : 's'} on the branch ${checking ? 'not compared' : `left as ${plan.untouched === 1 ? 'it was' : 'they were'}`}.`,
    '',
    verdict(run),
    ...run.notes.map((note) => `\n> ${note}`),
    ...(run.problems.length > 0 ? ['', ...run.problems.map((problem) => `- ${problem.message}`)] : []),
    '',
    `[Open the branch in the Amplify console](${run.consoleUrl})`,
  ].join('\n');
}

function verdict(run: ChosenRun): string {
  const failedChecks = run.checks.filter((check) => check.status === 'fail').length;
  if (failedChecks > 0) {
    return `**Not written:** ${failedChecks} check${failedChecks === 1 ? '' : 's'} failed; the branch was left exactly as it was.`;
  }
  if (run.mode === 'check') {
    return run.plan.changed
      ? '**Drift:** the branch differs from the validated environment; nothing was written.'
      : '**In sync:** the branch holds exactly the validated values; nothing was written.';
  }
  if (run.dryRun) {
    return run.plan.changed
      ? '**Dry run:** nothing was written; the changes above are what a real run would make.'
      : '**Dry run:** nothing was written, and nothing would change.';
  }
  // No write also when another writer had put the same values there since the first read.
  if (run.writes === 0)
    return '**Verified:** the branch already held exactly the validated values; nothing was written.';
  const writes = run.writes === 1 ? 'one write' : `${run.writes} writes`;
  return `**Verified:** read back after ${writes}, the branch holds exactly the validated values and every other variable as it was.`;
}

export function failureSummary(
  problems: readonly Problem[],
  branchWritten: boolean,
  checks: readonly CheckResult[] = [],
): string {
  return [
    `${TITLE}: failed`,
    '',
    branchWritten
      ? 'The Amplify branch was written before the failure; see the messages below.'
      : 'Nothing was written to the Amplify branch.',
    '',
    ...(checks.length > 0 ? [...checksTable(checks), ''] : []),
    ...problems.map(
      (problem) =>
        `- ${problem.location ? `\`${formatLocation(problem.location)}\`: ` : ''}${problem.message}`,
    ),
  ].join('\n');
}

function checksTable(checks: readonly CheckResult[]): string[] {
  return [
    '| Check | Result | Details |',
    '|---|---|---|',
    ...checks.map(
      (check) =>
        `| ${check.title} | ${STATUS_LABEL[check.status]} | ${escapeCell(check.details.join(' '))} |`,
    ),
  ];
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function valueCell(value: string | undefined): string {
  return value === undefined ? '—' : `\`${escapeCell(value)}\``;
}
