// `mode: delete`: a pull request's preview branch removed once the pull request is closed. Only a branch this action
// created for this repository (its description carries the mark) is deleted, and never one a protected
// environment's patterns cover or the app's production branch; a branch already gone is success, so re-running the
// closed pull request's workflow passes.
import { AmplifyBranch } from '../aws/amplify-branch.ts';
import type { AwsTuning } from '../aws/client.ts';
import { creationMark } from '../core/branch-mark.ts';
import { matchBranch } from '../core/branch-pattern.ts';
import { ActionError } from '../core/errors.ts';
import { preview } from '../core/text.ts';
import type { Inputs } from './inputs.ts';
import type { RunReport } from './report/run-report.ts';
import { log } from './runner.ts';
import type { Chosen } from './stages.ts';

export async function deleteStage(
  inputs: Inputs,
  { file, app }: Chosen,
  report: RunReport,
  aws?: AwsTuning,
): Promise<void> {
  const branch = new AmplifyBranch(
    { appId: app.id, branchName: inputs.amplifyBranch },
    { region: app.region, tuning: aws },
  );
  const guarded = file.environments.find(
    (environment) => environment.protected && matchBranch(environment.branches, inputs.amplifyBranch),
  );
  if (guarded) {
    throw new ActionError({
      message: `${branch.description} is a branch of the protected environment "${guarded.name}", which \`mode: delete\` never deletes; nothing was deleted.`,
      location: guarded.location,
    });
  }
  const [appInfo, current] = await Promise.all([branch.readApp(), branch.read()]);
  if (!current.exists) {
    report.deleted = 'gone';
    log(`${branch.description} does not exist (deleted before): nothing to delete.`);
    return;
  }
  if (appInfo.productionBranch === inputs.amplifyBranch) {
    throw new ActionError({
      message: `${branch.description} is the app's production branch, which \`mode: delete\` never deletes; nothing was deleted.`,
    });
  }
  const mark = creationMark(inputs.repository);
  if (current.description !== mark) {
    const found = current.description
      ? `its description is ${preview(current.description)}`
      : 'it has no description';
    throw new ActionError({
      message: `${branch.description} was not created by this action for ${inputs.repository || 'this repository'} (${found}, not "${mark}"), so \`mode: delete\` leaves it; nothing was deleted. Delete it in the Amplify console if it should go.`,
    });
  }
  if (inputs.dryRun) {
    report.wouldDo.push(`Delete ${branch.description}, created by this action for this repository.`);
    return;
  }
  report.deleted = await branch.remove();
  log(
    report.deleted === 'deleted'
      ? `Deleted ${branch.description}.`
      : `${branch.description} was already gone when the delete arrived.`,
  );
}
