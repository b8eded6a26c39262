// The action's pipeline: inputs → environment → resolve → validate → write → verify → report.
// Each stage records what it found in the run report and throws an ActionError when the run cannot go on; the
// report is published once, at the end, whatever happened. Only this folder speaks the runner protocol.
import { AmplifyBranch, AppNotFound, type BranchSnapshot } from '../aws/amplify-branch.ts';
import type { AwsTuning } from '../aws/client.ts';
import { fetchWiring } from '../aws/wiring.ts';
import { checkWiring } from '../core/checks/index.ts';
import { loadEnvironmentsFile } from '../core/config/file.ts';
import type { Environment, EnvironmentsFile } from '../core/config/types.ts';
import { selectEnvironment } from '../core/environment.ts';
import { ActionError, type Problem, settle } from '../core/errors.ts';
import { SyncError, writeAndVerify } from '../core/sync.ts';
import { managedVariables, planVariables } from '../core/variables.ts';
import { readEvent } from './event.ts';
import { type Inputs, parseInputs } from './inputs.ts';
import { outputs } from './report/outputs.ts';
import { checkProblems, driftProblems, newRunReport, type RunReport } from './report/run-report.ts';
import { summary } from './report/summary.ts';
import { annotate, getInput, group, log, setFailed, setOutput, writeSummary } from './runner.ts';

export interface RunOptions {
  /** Timeouts and retry back-off for every AWS call (the defaults are what users get). */
  aws?: AwsTuning;
}

export async function run(options: RunOptions = {}): Promise<void> {
  const report = newRunReport();
  try {
    const inputs = parseInputs(getInput, await readEvent(), process.env);
    Object.assign(report, { mode: inputs.mode, dryRun: inputs.dryRun, gitBranch: inputs.branch });
    const chosen = await group('Environment', () => chooseEnvironment(inputs, report));
    if (chosen) {
      const managed = managedVariables(chosen.environment.ids, chosen.file.variables);
      report.managed = managed;
      const branch = new AmplifyBranch(
        { appId: inputs.appId, branchName: inputs.amplifyBranch },
        { region: inputs.region, tuning: options.aws },
      );
      report.consoleUrl = branch.consoleUrl();
      const current = await group('Validate', () => validate(inputs, chosen, branch, report, options));
      if (inputs.mode === 'apply' && !inputs.dryRun && report.plan?.changed) {
        await group('Write and verify', () => write(branch, current, report));
      }
    }
  } catch (error) {
    recordFailure(report, error);
  }
  await publish(report);
}

interface Chosen {
  file: EnvironmentsFile;
  environment: Environment;
}

async function chooseEnvironment(inputs: Inputs, report: RunReport): Promise<Chosen | undefined> {
  report.amplifyBranch = inputs.amplifyBranch;
  const file = await loadEnvironmentsFile(inputs.configPath, inputs.configDisplayPath);
  log(
    `Git branch ${inputs.branch} (from ${inputs.branchSource}); Amplify app ${inputs.appId} in ${inputs.region}.`,
  );
  const selection = selectEnvironment(file, {
    branch: inputs.branch,
    requested: inputs.environment,
    amplifyBranch: inputs.amplifyBranch,
  });
  report.reason = selection.reason;
  if (!selection.environment) {
    if (inputs.onUnmatched === 'fail') {
      throw new ActionError({
        message: `${selection.reason}. Add the branch (or a pattern) to an environment, set the \`environment\` input, or set \`on-unmatched: skip\`.`,
        location: { file: file.path },
      });
    }
    log(`Skipped: ${selection.reason}.`);
    report.skipped = true;
    return undefined;
  }
  report.environment = selection.environment;
  log(`Using "${selection.environment.name}": ${selection.reason}.`);
  return { file, environment: selection.environment };
}

/** Every AWS read at once (the branch and the app too), then the checks and the merge plan. */
async function validate(
  inputs: Inputs,
  { file, environment }: Chosen,
  branch: AmplifyBranch,
  report: RunReport,
  options: RunOptions,
): Promise<BranchSnapshot> {
  const [current, app, wiring] = await Promise.all([
    settle(branch.read()),
    settle(branch.readApp()),
    fetchWiring(environment.ids, {
      settings: { region: inputs.region, tuning: options.aws },
      checkRoles: inputs.checkRoles,
    }),
  ]);
  const checks = checkWiring(wiring, {
    app: app.ok ? app.value : undefined,
    environment,
    environments: file.environments,
    sharedResources: file.sharedResources,
  });
  report.checks = checks;
  for (const check of checks) log(`${check.status.padEnd(4)}  ${check.title}: ${check.details.join(' ')}`);
  report.warnings.push(...checkProblems(checks, environment, 'warn'));

  const failed = checkProblems(checks, environment, 'fail');
  // Without the app, the branch cannot be read either: say only what is wrong.
  const unreadable =
    !app.ok && app.error instanceof AppNotFound
      ? app.problems
      : [current, app].flatMap((read) => (read.ok ? [] : read.problems));
  if (unreadable.length > 0 || !current.ok) throw new ActionError([...unreadable, ...failed]);

  report.plan = planVariables(current.value.variables, report.managed ?? { set: {}, unset: [] });
  const drift = inputs.mode === 'check' ? driftProblems(report.plan, inputs.amplifyBranch, environment) : [];
  if (failed.length > 0 || drift.length > 0) throw new ActionError([...failed, ...drift]);
  return current.value;
}

async function write(branch: AmplifyBranch, current: BranchSnapshot, report: RunReport): Promise<void> {
  const result = await writeAndVerify(branch, report.managed ?? { set: {}, unset: [] }, current);
  Object.assign(report, { writes: result.writes, holds: result.holds, notes: result.notes });
  report.written = result.writes > 0 ? 'written' : 'nothing';
  report.warnings.push(...result.notes.map((note) => ({ message: `${branch.description}: ${note}` })));
  for (const note of result.notes) log(note);
}

function recordFailure(report: RunReport, error: unknown): void {
  if (error instanceof SyncError) {
    report.written = error.written;
    report.holds = error.holds;
    if (error.written === 'written') report.writes = Math.max(report.writes, 1);
  }
  const problems: readonly Problem[] =
    error instanceof ActionError
      ? error.problems
      : [
          {
            message: `Unexpected error (a bug in this action; please report it): ${(error as Error)?.stack ?? String(error)}`,
          },
        ];
  report.errors.push(...problems);
}

/** Outputs, annotations and the job summary, once, from the report. */
async function publish(report: RunReport): Promise<void> {
  for (const [name, value] of Object.entries(outputs(report))) setOutput(name, value);
  annotate('warning', report.warnings);
  annotate('error', report.errors);
  await writeSummary(summary(report));
  if (report.errors.length > 0) setFailed();
}
