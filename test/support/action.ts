// Runs the action as the runner does (scripts/run-action.ts), from the source unless a suite asks for the bundle,
// and leaves every run's log, outputs and summary for the audit suite's secret scan.
import { type ActionRun, type ActionRunOptions, runAction } from '../../scripts/run-action.ts';
import { record } from './aws.ts';

export type { ActionRun, ActionRunOptions } from '../../scripts/run-action.ts';

export async function runActionForTest(options: ActionRunOptions): Promise<ActionRun> {
  const result = await runAction(options);
  record('run', {
    stdout: result.stdout,
    stderr: result.stderr,
    outputFile: result.outputFile,
    summary: result.summary,
  });
  return result;
}
