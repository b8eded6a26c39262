// Write the managed variables and prove they landed. Amplify has no conditional write, so the merge is done
// on a read taken just before the write, and the read-back after it decides: if another writer changed the
// branch in between, merge onto what it holds now and write again, a bounded number of times.
import type { AmplifyBranch } from '../aws/amplify-branch.ts';
import { ActionError } from './errors.ts';
import { differingNames, type ManagedVariables, planVariables } from './variables.ts';

export const MAX_WRITE_ATTEMPTS = 3;

/**
 * Leaves the branch holding the managed values and everyone else's variables, confirmed by a read-back.
 * Returns notes on interference from other writers; `branch.writes` counts the writes it took.
 */
export async function writeAndVerify(branch: AmplifyBranch, managed: ManagedVariables): Promise<string[]> {
  const notes: string[] = [];
  let current = await branch.readVariables();
  for (let writes = 0; ; ) {
    const plan = planVariables(current, managed);
    if (!plan.changed) return notes;
    if (writes === MAX_WRITE_ATTEMPTS) {
      throw new ActionError({
        message: `${branch.description}: another writer changed ${differingNames(current, plan.next).join(', ')} after each of ${writes} writes, so the values could not be confirmed. The branch holds what that writer last wrote; find it (a concurrent workflow run or a console edit) and re-run.`,
      });
    }
    await branch.replaceVariables(plan.next);
    writes++;
    const readBack = await branch.readVariables();
    const interfered = differingNames(readBack, plan.next);
    if (interfered.length > 0) {
      notes.push(
        `After write ${writes}, the branch differed from what was written in ${interfered.join(', ')}: another writer changed it; merging again.`,
      );
    }
    current = readBack;
  }
}
