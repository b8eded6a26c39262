// The action's pipeline: inputs → environment → resolve → write → verify → report.
// Everything it calls is free of the runner protocol except the `runner.ts` functions used here.
import { AmplifyBranch } from './amplify.ts';
import { loadEnvironmentsFile } from './config.ts';
import { selectEnvironment } from './environment.ts';
import { ActionError, formatProblem, type Problem } from './errors.ts';
import { parseInputs } from './inputs.ts';
import { failureSummary, outputs, type RunOutcome, summary } from './report.ts';
import { annotate, appendSummary, getInput, group, info, setOutput } from './runner.ts';
import { writeAndVerify } from './sync.ts';
import { managedVariables, planVariables } from './variables.ts';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let branch: AmplifyBranch | undefined;
  try {
    const inputs = parseInputs((name) => getInput(name, env), env);
    info(`Git branch ${inputs.branch} (from ${inputs.branchSource}); Amplify app ${inputs.appId} in ${inputs.region}.`);

    const { file, selection } = await group('Environment', async () => {
      const file = await loadEnvironmentsFile(inputs.configPath, inputs.configDisplayPath);
      const selection = selectEnvironment(file, inputs.branch, inputs.environment);
      info(selection.environment ? `Using "${selection.environment.name}": ${selection.reason}.` : selection.reason);
      return { file, selection };
    });
    const { environment } = selection;
    if (!environment) {
      if (inputs.onUnmatched === 'fail') {
        throw new ActionError({
          message: `${selection.reason}. Add the branch (or a pattern) to an environment, set the \`environment\` input, or set \`on-unmatched: skip\`.`,
          location: { file: file.path },
        });
      }
      return report({ kind: 'skipped', gitBranch: inputs.branch, amplifyBranch: inputs.amplifyBranch, reason: selection.reason }, env);
    }

    // The IDs come from the file as written; discovery by name or tag will resolve them here.
    const managed = managedVariables(environment.ids, file.variables);
    branch = new AmplifyBranch({ appId: inputs.appId, branchName: inputs.amplifyBranch }, { region: inputs.region });
    const amplifyBranch = branch;

    const plan = await group('Amplify branch', async () => {
      const plan = planVariables(await amplifyBranch.readVariables(), managed);
      for (const change of plan.changes) info(`${change.name}: ${change.kind}`);
      return plan;
    });

    const notes =
      plan.changed && !inputs.dryRun
        ? (await group('Write and verify', () => writeAndVerify(amplifyBranch, managed))).notes
        : [];
    for (const note of notes) annotate('warning', note, { title: 'Another writer changed the branch' });

    report(
      {
        kind: 'applied',
        gitBranch: inputs.branch,
        amplifyBranch: inputs.amplifyBranch,
        environment,
        reason: selection.reason,
        names: file.variables,
        managed,
        plan,
        dryRun: inputs.dryRun,
        writes: amplifyBranch.writes,
        notes,
        consoleUrl: amplifyBranch.consoleUrl(),
      },
      env,
    );
  } catch (error) {
    fail(error, (branch?.writes ?? 0) > 0, env);
  }
}

function report(outcome: RunOutcome, env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(outputs(outcome))) setOutput(name, value, env);
  appendSummary(summary(outcome), env);
}

function fail(error: unknown, branchWritten: boolean, env: NodeJS.ProcessEnv): void {
  const problems: readonly Problem[] =
    error instanceof ActionError
      ? error.problems
      : [{ message: `Unexpected error: ${(error as Error)?.stack ?? String(error)}` }];
  for (const problem of problems) {
    annotate('error', problem.location ? problem.message : formatProblem(problem), { location: problem.location });
  }
  appendSummary(failureSummary(problems, branchWritten), env);
  process.exitCode = 1;
}
