// The action's pipeline: inputs → environment → resolve → validate → write → verify → (export, outputs file, backend
// deploy) → deploy → report; with `mode: delete`, inputs → environment → delete → report.
// Each stage (stages.ts) records what it found in the run report and throws an ActionError when the run cannot go
// on; the report is published once, at the end, whatever happened. Only this folder speaks the runner protocol.
import { ActionError, type Problem } from '../core/errors.ts';
import { SyncError } from '../core/sync.ts';
import { backendDeploy } from './backend.ts';
import { readEvent } from './event.ts';
import { parseInputs } from './inputs.ts';
import { outputs } from './report/outputs.ts';
import { newRunReport, type RunReport } from './report/run-report.ts';
import { summary } from './report/summary.ts';
import { annotate, getInput, group, setFailed, setOutput, writeSummary } from './runner.ts';
import type { RunOptions } from './stages.ts';

export type { RunOptions } from './stages.ts';

export async function run(options: RunOptions = {}): Promise<void> {
  const { aws } = options;
  const report = newRunReport();
  try {
    const inputs = parseInputs(getInput, await readEvent(), process.env);
    Object.assign(report, {
      mode: inputs.mode,
      dryRun: inputs.dryRun,
      gitBranch: inputs.branch,
      fork: inputs.fork,
    });
    // The stages (the environments file's parser, the AWS clients) are loaded once the inputs are known: a run
    // that stops at its inputs does not pay for them.
    const { chooseEnvironment, resolve, validate, write, exportVariables, outputsFile, deployStage } =
      await import('./stages.ts');
    const chosen = await group('Environment', () => chooseEnvironment(inputs, report));
    if (chosen && inputs.mode === 'delete') {
      const { deleteStage } = await import('./delete.ts'); // only `mode: delete` deletes
      await group('Delete', () => deleteStage(inputs, chosen, report, aws));
    } else if (chosen) {
      const target = await group('Resolve', () => resolve(inputs, chosen, report, aws));
      const current = await group('Validate', () => validate(inputs, chosen, target, report, aws));
      await group('Write and verify', () => write(inputs, chosen.environment, target, current, report));
      exportVariables(inputs, target, report);
      await outputsFile(inputs, target, report);
      await group('Backend deploy', () => backendDeploy(inputs, target, report));
      await group('Deploy', () => deployStage(inputs, target, report, options));
    }
  } catch (error) {
    recordFailure(report, error);
  }
  await publish(report);
}

function recordFailure(report: RunReport, error: unknown): void {
  if (error instanceof SyncError) {
    report.written = error.written;
    report.holds = error.holds;
    if (error.written === 'written') {
      report.writes = Math.max(report.writes, 1);
      report.variablesChanged = true; // may have: a failed run does not claim the variables are untouched
    }
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
