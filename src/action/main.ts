// The action's pipeline: inputs → environment → resolve → validate → write → verify → report.
// Only this file and runner.ts speak the runner protocol; every stage they call is shared with other callers.
import { AmplifyBranch } from '../aws/amplify-branch.ts';
import { fetchWiring } from '../aws/wiring.ts';
import { type CheckResult, checkWiring } from '../core/checks.ts';
import { type Environment, type EnvironmentsFile, loadEnvironmentsFile } from '../core/config.ts';
import { selectEnvironment } from '../core/environment.ts';
import { ActionError, type Problem, settle } from '../core/errors.ts';
import { writeAndVerify } from '../core/sync.ts';
import { type ManagedVariables, managedVariables, planVariables } from '../core/variables.ts';
import { type Inputs, parseInputs } from './inputs.ts';
import {
  checkAnnotations,
  driftProblems,
  failureSummary,
  outputs,
  type RunOutcome,
  summary,
} from './report.ts';
import { annotate, appendSummary, getInput, group, info, setOutput } from './runner.ts';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let branch: AmplifyBranch | undefined;
  try {
    const inputs = parseInputs((name) => getInput(name, env), env);
    const { file, selection } = await group('Environment', () => chooseEnvironment(inputs));
    const { environment, reason } = selection;
    if (!environment) return unmatched(inputs, file, reason, env);

    // Resolve: the IDs as the file gives them.
    const managed = managedVariables(environment.ids, file.variables);
    branch = new AmplifyBranch(
      { appId: inputs.appId, branchName: inputs.amplifyBranch },
      { region: inputs.region },
    );
    const amplify = branch;

    const validation = await group('Validate', () => validate(inputs, file, environment, amplify, managed));
    const { checks } = validation;
    // Without the branch or the app there is nothing to write to: say so, together with every failed check.
    if (!validation.plan) {
      const problems = [...validation.unreadable, ...checkAnnotations(checks, environment).errors];
      return fail(new ActionError(problems), false, env, { checks });
    }
    const { plan } = validation;
    const { errors, warnings } = checkAnnotations(checks, environment);
    for (const warning of warnings) annotate('warning', warning.message, { location: warning.location });
    const drift = inputs.mode === 'check' ? driftProblems({ ...inputs, plan, environment }) : [];
    const problems = [...errors, ...drift];

    // Write and verify, only when everything checked out and something differs.
    const write = problems.length === 0 && inputs.mode === 'apply' && !inputs.dryRun && plan.changed;
    const notes = write ? await group('Write and verify', () => writeAndVerify(amplify, managed)) : [];
    for (const note of notes) annotate('warning', note, { title: 'Another writer changed the branch' });

    const { mode, branch: gitBranch, amplifyBranch, dryRun } = inputs;
    report(
      {
        kind: 'chosen',
        mode,
        gitBranch,
        amplifyBranch,
        environment,
        reason,
        checks,
        managed,
        plan,
        dryRun,
        notes,
        problems,
        writes: amplify.writes,
        consoleUrl: amplify.consoleUrl(),
      },
      env,
    );
    if (problems.length > 0) fail(new ActionError(problems), false, env, { summary: false });
  } catch (error) {
    fail(error, (branch?.writes ?? 0) > 0, env);
  }
}

async function chooseEnvironment(inputs: Inputs) {
  const file = await loadEnvironmentsFile(inputs.configPath, inputs.configDisplayPath);
  info(
    `Git branch ${inputs.branch} (from ${inputs.branchSource}); Amplify app ${inputs.appId} in ${inputs.region}.`,
  );
  const selection = selectEnvironment(file, inputs.branch, inputs.environment);
  info(
    selection.environment ? `Using "${selection.environment.name}": ${selection.reason}.` : selection.reason,
  );
  return { file, selection };
}

/** Every AWS read at once (the branch and the app too), then the checks and the merge plan. */
async function validate(
  inputs: Inputs,
  file: EnvironmentsFile,
  environment: Environment,
  amplify: AmplifyBranch,
  managed: ManagedVariables,
) {
  const [current, app, wiring] = await Promise.all([
    settle(amplify.readVariables()),
    settle(amplify.readAppPlacement()),
    fetchWiring(environment.ids, { settings: { region: inputs.region }, checkRoles: inputs.checkRoles }),
  ]);
  const { environments, sharedResources } = file;
  const checks = checkWiring(wiring, {
    app: app.ok ? app.value : undefined,
    environment,
    environments,
    sharedResources,
  });
  for (const check of checks) info(`${check.status.padEnd(4)}  ${check.title}: ${check.details.join(' ')}`);
  if (!current.ok || !app.ok) {
    return { checks, unreadable: [current, app].flatMap((read) => (read.ok ? [] : read.problems)) };
  }
  return { checks, plan: planVariables(current.value, managed) };
}

function unmatched(inputs: Inputs, file: EnvironmentsFile, reason: string, env: NodeJS.ProcessEnv): void {
  if (inputs.onUnmatched === 'fail') {
    throw new ActionError({
      message: `${reason}. Add the branch (or a pattern) to an environment, set the \`environment\` input, or set \`on-unmatched: skip\`.`,
      location: { file: file.path },
    });
  }
  report({ kind: 'skipped', gitBranch: inputs.branch, amplifyBranch: inputs.amplifyBranch, reason }, env);
}

function report(outcome: RunOutcome, env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(outputs(outcome))) setOutput(name, value, env);
  appendSummary(summary(outcome), env);
}

interface FailureReport {
  /** false when the run's own summary already says what failed. */
  summary?: boolean;
  /** Check results to show in the failure summary. */
  checks?: readonly CheckResult[];
}

function fail(
  error: unknown,
  branchWritten: boolean,
  env: NodeJS.ProcessEnv,
  options: FailureReport = {},
): void {
  const problems: readonly Problem[] =
    error instanceof ActionError
      ? error.problems
      : [{ message: `Unexpected error: ${(error as Error)?.stack ?? String(error)}` }];
  for (const problem of problems) annotate('error', problem.message, { location: problem.location });
  if (options.summary !== false) appendSummary(failureSummary(problems, branchWritten, options.checks), env);
  process.exitCode = 1;
}
