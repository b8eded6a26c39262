// Write the managed variables and prove they landed. Amplify has no conditional write, so the merge is made on
// the branch as read with the checks, and the read-back after the write decides: if another writer changed the
// branch meanwhile, merge onto what it holds now and write again, a bounded number of times. A write whose answer
// was lost may have landed: the branch is read to learn the truth before anything is said about it. A branch that
// does not exist yet is created with the values in the creating call; the branch's auto-build setting, when asked
// for, travels in the same write as the variables.
import { ActionError, type Problem } from './errors.ts';
import { differingNames, type ManagedVariables, planVariables, type Variables } from './variables.ts';

const MAX_WRITE_ATTEMPTS = 3;
/** Reads after a write that may return the branch as it was before it (eventual consistency). */
export const MAX_STALE_READS = 3;

export interface BranchState {
  /** false: there is no such branch (yet). */
  exists: boolean;
  variables: Variables;
  /** When the branch last changed (epoch milliseconds), as Amplify reports it; undefined if it does not. */
  updatedAt: number | undefined;
  enableAutoBuild: boolean;
}

/** What a creating call sets besides the variables. */
export interface NewBranch {
  enableAutoBuild: boolean;
  stage: string;
  /** What Amplify builds the branch as; a Next.js SSR app fails to build without it. */
  framework?: string | undefined;
  /** The branch's description: the mark that this action created it (`mode: delete` deletes only such branches). */
  description?: string | undefined;
}

/** The branch as the write stage needs it: the AWS edge implements this. */
export interface VariableStore {
  readonly description: string;
  /** The branch; `exists: false` when there is none. */
  read(): Promise<BranchState>;
  /** Replaces the whole variable map (and auto-build, when given); resolves with the branch's new update time. */
  replace(variables: Variables, enableAutoBuild?: boolean): Promise<{ updatedAt: number | undefined }>;
  create(variables: Variables, settings: NewBranch): Promise<{ updatedAt: number | undefined }>;
}

export interface WriteOptions {
  /** The auto-build setting to leave on the branch; undefined keeps it as it is. */
  autoBuild?: boolean | undefined;
  /** The stage of a branch this stage creates. */
  stage?: string;
  /** The framework of a branch this stage creates. */
  framework?: string | undefined;
  /** The description of a branch this stage creates: the action's mark. */
  description?: string | undefined;
  delay?: (ms: number) => Promise<void>;
}

/** A write that failed; `mayHaveLanded` when its answer was lost (timeout, reset, server error). */
export class WriteError extends ActionError {
  readonly mayHaveLanded: boolean;
  constructor(problem: Problem, mayHaveLanded: boolean) {
    super(problem);
    this.mayHaveLanded = mayHaveLanded;
  }
}

/** What the branch is known to hold after the stage. */
export type Written = 'nothing' | 'written' | 'unknown';

/** A failure of the write stage, with what is known of the branch. */
export class SyncError extends ActionError {
  readonly written: Written;
  /** The branch as last read, when it could be read after a write. */
  readonly holds: Variables | undefined;
  constructor(problems: Problem | readonly Problem[], written: Written, holds?: Variables) {
    super(problems);
    this.written = written;
    this.holds = holds;
  }
}

export interface SyncResult {
  /** Writes that landed: acknowledged, or proven by reading the branch back. */
  writes: number;
  /** The branch as read back after the last write (or as given when nothing needed writing). */
  holds: Variables;
  /** The branch's auto-build setting, as last read. */
  autoBuild: boolean;
  /** Whether this stage created the branch. */
  created: boolean;
  /** Whether a write that landed changed the variables (one that only set auto-build did not). */
  variablesChanged: boolean;
  /** Interference by other writers and lost answers, noticed and handled. */
  notes: string[];
}

/** Leaves the branch holding the managed values and everyone else's variables, confirmed by a read-back. */
export async function writeAndVerify(
  store: VariableStore,
  managed: ManagedVariables,
  current: BranchState,
  { autoBuild, stage = 'DEVELOPMENT', framework, description, delay = sleep }: WriteOptions = {},
): Promise<SyncResult> {
  const notes: string[] = [];
  let writes = 0;
  let created = false;
  let variablesChanged = false;
  let base = current;
  const settingDiffers = (state: BranchState) =>
    autoBuild !== undefined && state.enableAutoBuild !== autoBuild;
  for (;;) {
    const plan = planVariables(base.variables, managed);
    if (base.exists && !plan.changed && !settingDiffers(base)) {
      return {
        writes,
        holds: base.variables,
        autoBuild: base.enableAutoBuild,
        created,
        variablesChanged,
        notes,
      };
    }
    if (writes === MAX_WRITE_ATTEMPTS) {
      throw new SyncError(
        {
          message: `${store.description}: another writer changed ${differingNames(base.variables, plan.next).join(', ') || 'its auto-build setting'} after each of ${writes} writes, so the values could not be confirmed. The branch holds what that writer last wrote; find it (a concurrent workflow run or a console edit) and re-run.`,
        },
        'written',
        base.variables,
      );
    }

    const creating = !base.exists;
    let updatedAt: number | undefined;
    try {
      ({ updatedAt } = creating
        ? await store.create(plan.next, {
            enableAutoBuild: autoBuild ?? false,
            stage,
            framework,
            description,
          })
        : await store.replace(plan.next, autoBuild));
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      if (!error.mayHaveLanded) throw new SyncError(error.problems, writes > 0 ? 'written' : 'nothing');
      const after = await readAfterLostAnswer(store, error, base, delay);
      if (!after.exists || differingNames(after.variables, plan.next).length > 0) {
        // It did not land, or another writer got in: either way the branch holds what was read.
        const landed =
          after.exists !== base.exists || differingNames(after.variables, base.variables).length > 0;
        throw new SyncError(
          [
            ...error.problems,
            {
              message: `Read back after that failure, ${store.description} ${landed ? 'differs both from what was there and from what was written: another writer changed it' : after.exists ? 'holds exactly what it held before: the write did not land' : 'still does not exist: it was not created'}.`,
            },
          ],
          writes > 0 || landed ? 'written' : 'nothing',
          after.exists ? after.variables : undefined,
        );
      }
      notes.push(
        `The answer to write ${writes + 1} was lost (${error.problems[0]?.message ?? 'no answer'}), but the branch, read back, holds exactly what was written: the write landed.`,
      );
      writes++;
      created ||= creating;
      variablesChanged ||= plan.changed;
      base = after;
      continue;
    }
    writes++;
    created ||= creating;
    variablesChanged ||= plan.changed;

    const readBack = await readAfterWrite(store, updatedAt, writes, delay);
    const interfered = differingNames(readBack.variables, plan.next);
    if (settingDiffers(readBack)) interfered.push('auto-build');
    if (!readBack.exists || interfered.length > 0) {
      notes.push(
        `After write ${writes}, the branch differed from what was written in ${interfered.join(', ') || 'its existence'}: another writer changed it; merging again.`,
      );
    }
    base = readBack;
  }
}

/**
 * The branch after a write that failed without an answer. A read that still shows the branch's old update time
 * may be a stale copy, so it is repeated a few times before it counts as proof that nothing landed; a failed read
 * leaves the branch's content unknown.
 */
function readAfterLostAnswer(
  store: VariableStore,
  failure: WriteError,
  before: BranchState,
  delay: (ms: number) => Promise<void>,
): Promise<BranchState> {
  return readUntilFresh(
    store,
    (state) =>
      state.exists === before.exists && state.updatedAt !== undefined && state.updatedAt === before.updatedAt,
    delay,
    (problems) =>
      new SyncError(
        [
          ...failure.problems,
          ...problems,
          {
            message: `The write may have landed, and ${store.description} could not be read back to tell: check its variables in the Amplify console, then re-run.`,
          },
        ],
        'unknown',
      ),
  );
}

/**
 * Reads the branch after a write. A read that reports an update time older than the write's is a stale copy
 * (Amplify's reads may lag its writes), not another writer's work: it is read again, a bounded number of times.
 */
function readAfterWrite(
  store: VariableStore,
  writtenAt: number | undefined,
  writes: number,
  delay: (ms: number) => Promise<void>,
): Promise<BranchState> {
  return readUntilFresh(
    store,
    (state) =>
      !state.exists ||
      (writtenAt !== undefined && state.updatedAt !== undefined && state.updatedAt < writtenAt),
    delay,
    (problems) =>
      new SyncError(
        [
          ...problems,
          {
            message: `The write was acknowledged, but ${store.description} could not be read back to verify it: check its variables in the Amplify console.`,
          },
        ],
        writes > 0 ? 'written' : 'unknown',
      ),
  );
}

/** Reads until a read is not `stale` (at most MAX_STALE_READS reads); a failed read becomes `failed(problems)`. */
async function readUntilFresh(
  store: VariableStore,
  stale: (state: BranchState) => boolean,
  delay: (ms: number) => Promise<void>,
  failed: (problems: readonly Problem[]) => SyncError,
): Promise<BranchState> {
  for (let attempt = 1; ; attempt++) {
    let state: BranchState;
    try {
      state = await store.read();
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      throw failed(error.problems);
    }
    if (!stale(state) || attempt === MAX_STALE_READS) return state;
    await delay(200 * attempt);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
