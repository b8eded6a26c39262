// The workflow run this step belongs to, from @actions/github's context: which event, which ref and commit,
// the pull request's head branch, commit and repository, the run a workflow_run follows, whether a push deleted its
// branch, and the pushed commit's message.
import { ActionError } from '../core/errors.ts';

export interface RunnerEvent {
  /** GITHUB_EVENT_NAME: push, pull_request, workflow_dispatch, … */
  name: string;
  /** GITHUB_REF: refs/heads/main, refs/tags/v1, refs/pull/7/merge. */
  ref: string;
  /** GITHUB_SHA: the commit the workflow runs on (for a pull request, its merge commit or the base branch's). */
  sha: string;
  /** The head branch of a pull request event. */
  pullRequestHead: string | undefined;
  /** The commit at the head of a pull request's branch (`pull_request.head.sha`). */
  pullRequestHeadSha?: string | undefined;
  /**
   * The repository a pull request's head branch lives in, when it is not the repository the workflow runs in (a
   * fork): its full name, or what the event says of it when it names none. The same for the run a `workflow_run`
   * event follows (`workflow_run.head_repository`): a fork's pull request runs a workflow that can start this one.
   * Undefined for a branch of this repository, and for events about neither.
   */
  fork?: string | undefined;
  /** The head branch of the run a `workflow_run` event follows (`workflow_run.head_branch`), chosen by its author. */
  workflowRunHead?: string | undefined;
  /** That run's commit (`workflow_run.head_sha`), and the event that started it (`workflow_run.event`). */
  workflowRunHeadSha?: string | undefined;
  workflowRunEvent?: string | undefined;
  /** A push that deleted its branch (`deleted: true` in the push payload; its `after` is all zeros). */
  deleted?: boolean;
  /** The message of the pushed commit, when the event carries one (push). */
  commitMessage: string | undefined;
}

/** The parts of a repository object of the event payload this action reads. */
interface PayloadRepository {
  id?: unknown;
  full_name?: unknown;
}

interface PayloadWorkflowRun {
  head_branch?: unknown;
  head_sha?: unknown;
  event?: unknown;
  /** The repository the run's branch lives in, and the repository the workflow runs in. */
  head_repository?: PayloadRepository | null;
  repository?: PayloadRepository | null;
}

interface PayloadPullRequest {
  head?: {
    ref?: unknown;
    sha?: unknown;
    label?: unknown;
    /** null when the head repository was deleted (GitHub's webhook reference: `head.repo` is nullable). */
    repo?: PayloadRepository | null;
    user?: { login?: unknown } | null;
  };
  base?: { repo?: PayloadRepository | null };
}

/**
 * Reads the event. The context parses GITHUB_EVENT_PATH as it is first imported, so it is imported here, where a
 * broken payload becomes a clear error instead of a crash before the action starts.
 */
export async function readEvent(env: NodeJS.ProcessEnv = process.env): Promise<RunnerEvent> {
  let context: typeof import('@actions/github').context;
  try {
    ({ context } = await import('@actions/github'));
  } catch (error) {
    throw new ActionError({
      message: `The event payload ${env.GITHUB_EVENT_PATH ?? ''} could not be read (${(error as Error).message}). It is written by the runner; re-run the job, and set the \`branch\` input if it persists.`,
    });
  }
  const payload = (context.payload ?? {}) as {
    pull_request?: PayloadPullRequest | null;
    workflow_run?: PayloadWorkflowRun | null;
    head_commit?: { message?: unknown } | null;
    deleted?: unknown;
  };
  const pullRequest = isObject(payload.pull_request) ? payload.pull_request : undefined;
  const head = isObject(pullRequest?.head) ? pullRequest.head : undefined;
  const workflowRun = isObject(payload.workflow_run) ? payload.workflow_run : undefined;
  return {
    name: context.eventName ?? '',
    ref: context.ref ?? '',
    sha: context.sha ?? '',
    pullRequestHead: text(head?.ref),
    pullRequestHeadSha: text(head?.sha),
    fork: pullRequest
      ? forkOf(pullRequest, env.GITHUB_REPOSITORY)
      : workflowRun
        ? forkOf(
            {
              head: { repo: workflowRun.head_repository as PayloadRepository | null | undefined },
              base: { repo: workflowRun.repository as PayloadRepository | null | undefined },
            },
            env.GITHUB_REPOSITORY,
          )
        : undefined,
    workflowRunHead: text(workflowRun?.head_branch),
    workflowRunHeadSha: text(workflowRun?.head_sha),
    workflowRunEvent: text(workflowRun?.event),
    deleted: context.eventName === 'push' && payload.deleted === true,
    commitMessage: text(isObject(payload.head_commit) ? payload.head_commit.message : undefined),
  };
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const isObject = (value: unknown): value is Record<string, unknown> & object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Where a pull request's head branch comes from, when that is not the base repository. GitHub's hardening guide
 * ("Keeping your GitHub Actions and workflows secure: Preventing pwn requests") tells a fork by
 * `pull_request.head.repo.full_name` differing from the base repository; the repository IDs say the same and
 * survive a rename, so they decide when both are given. A head repository that the event does not show to be the
 * base (deleted, so `null`, or not given at all) counts as a fork: nothing proves its branch names are this
 * repository's.
 */
function forkOf(pullRequest: PayloadPullRequest, workflowRepository: string | undefined): string | undefined {
  const head = isObject(pullRequest.head) ? pullRequest.head : {};
  const headRepo = isObject(head.repo) ? head.repo : undefined;
  const baseRepo = isObject(pullRequest.base) && isObject(pullRequest.base.repo) ? pullRequest.base.repo : {};
  const headName = text(headRepo?.full_name);
  const baseName = text(baseRepo.full_name) ?? text(workflowRepository);
  if (headRepo) {
    if (typeof headRepo.id === 'number' && typeof baseRepo.id === 'number') {
      if (headRepo.id === baseRepo.id) return undefined;
    } else if (headName && baseName && headName.toLowerCase() === baseName.toLowerCase()) {
      // GitHub's owner and repository names are case-insensitive.
      return undefined;
    }
    if (headName) return headName;
  }
  const owner = text(isObject(head.user) ? head.user.login : undefined) ?? text(head.label)?.split(':')[0];
  // Shown after "the fork": an owner/name-like text that says what is unknown.
  return `${owner ?? '(unknown owner)'}/${head.repo === null ? '(deleted)' : '(not named by the event)'}`;
}
