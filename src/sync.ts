// Write the managed variables and prove they landed. Amplify has no conditional write, so the merge is done
// on a read taken just before the write, and the read-back after it decides: if another writer changed the
// branch in between, merge onto what it holds now and write again, a bounded number of times.
import type { AmplifyBranch } from './amplify.ts';
import { ActionError } from './errors.ts';
import { differingNames, type ManagedVariables, planVariables, type Variables } from './variables.ts';

export const MAX_WRITE_ATTEMPTS = 3;

export interface WriteResult {
  /** What the branch holds after the last read-back: the managed values plus everyone else's variables. */
  verified: Variables;
  /** Human-readable notes about interference from other writers. */
  notes: string[];
}

export async function writeAndVerify(branch: AmplifyBranch, managed: ManagedVariables): Promise<WriteResult> {
  const notes: string[] = [];
  let current = await branch.readVariables();
  for (let writes = 0; ; ) {
    const plan = planVariables(current, managed);
    if (!plan.changed) return { verified: current, notes };
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
