// The workflow run this step belongs to, from @actions/github's context: which event, which ref and commit,
// the pull request's head branch and the pushed commit's message.
import { ActionError } from '../core/errors.ts';

export interface RunnerEvent {
  /** GITHUB_EVENT_NAME: push, pull_request, workflow_dispatch, … */
  name: string;
  /** GITHUB_REF: refs/heads/main, refs/tags/v1, refs/pull/7/merge. */
  ref: string;
  /** GITHUB_SHA: the commit the workflow runs on. */
  sha: string;
  /** The head branch of a pull request event. */
  pullRequestHead: string | undefined;
  /** The message of the pushed commit, when the event carries one (push). */
  commitMessage: string | undefined;
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
    pull_request?: { head?: { ref?: unknown } };
    head_commit?: { message?: unknown } | null;
  };
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    name: context.eventName ?? '',
    ref: context.ref ?? '',
    sha: context.sha ?? '',
    pullRequestHead: text(payload.pull_request?.head?.ref),
    commitMessage: text(payload.head_commit?.message),
  };
}
