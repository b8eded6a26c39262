// Pull requests, run as the runner runs the action (from the source) with the event payload GitHub writes: the
// build is of the branch's head commit, and a pull request from a fork changes nothing and never gets a protected
// environment, whatever it names its branch.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ActionRunOptions, runActionForTest } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { annotations, summaryText } from './support/runner-log.ts';

const APP = 'd1exampleapp01';
const SAMPLE = readFileSync('sample/amplify-auth.yml', 'utf8');
/** The sample with a catch-all pattern in its development environment, so that every branch maps somewhere. */
const CATCH_ALL = SAMPLE.replace(
  'branches: ["feature/**", "fix/*", develop]',
  'branches: ["feature/**", "fix/*", develop, "**"]',
);
const PRODUCTION_POOL = 'us-east-1_PrOd12345';
const DEVELOPMENT_POOL = 'us-east-1_DeV12345x';
/** GITHUB_SHA of a pull request run: the merge commit of refs/pull/7/merge. */
const MERGE_SHA = '0123456789abcdef0123456789abcdef01234567';
/** pull_request.head.sha: the commit at the head of the branch. */
const HEAD_SHA = 'feedface00feedface00feedface00feedface00';
const BASE = { id: 1001, full_name: 'acme/storefront' };
const FORK = { id: 2002, full_name: 'mallory/storefront' };

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws();
});
afterEach(async () => {
  await aws.close();
});

type Repository = { id?: number; full_name?: string } | null;

/** A pull request event as GitHub writes it: the head branch, its commit and repository, and the base. */
function pullRequest(
  headRef: string,
  {
    name = 'pull_request_target',
    head = BASE,
  }: { name?: 'pull_request' | 'pull_request_target'; head?: Repository } = {},
): ActionRunOptions['event'] {
  const owner = head?.full_name?.split('/')[0] ?? 'mallory';
  return {
    name,
    ref: 'refs/pull/7/merge',
    sha: MERGE_SHA,
    payload: {
      pull_request: {
        number: 7,
        head: {
          ref: headRef,
          sha: HEAD_SHA,
          label: `${owner}:${headRef}`,
          repo: head,
          user: { login: owner },
        },
        base: { ref: 'main', sha: MERGE_SHA, label: 'acme:main', repo: BASE },
      },
    },
  };
}

const run = (event: ActionRunOptions['event'], inputs: Record<string, string> = {}, config = SAMPLE) =>
  runActionForTest({
    inputs: { 'app-id': APP, ...inputs },
    event,
    awsEnv: aws.env(),
    files: { '.github/amplify-auth.yml': config },
  });

const operations = () => aws.requests.map((request) => request.operation);
const CHANGES = ['UpdateBranch', 'CreateBranch', 'StartJob', 'StopJob', 'DeleteBranch'];

describe('the commit of a pull request', () => {
  it.each(['pull_request', 'pull_request_target'] as const)(
    '%s: the build started is of the head commit, not the merge commit in GITHUB_SHA',
    async (name) => {
      const result = await run(pullRequest('feature/login', { name }), { deploy: 'start' });
      expect(result.exitCode).toBe(0);
      const starts = aws.requests.filter((request) => request.operation === 'StartJob');
      expect(starts.map((request) => (request.input as { commitId?: string }).commitId)).toEqual([HEAD_SHA]);
      expect(result.stdout + result.summary).not.toContain(MERGE_SHA.slice(0, 7));
    },
  );

  it('a dry run names the head commit as the one it would build', async () => {
    const result = await run(pullRequest('feature/login'), { 'dry-run': 'true', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(summaryText(result.summary)).toMatch(/A real run would also: .*commit feedfac/);
    expect(result.stdout + result.summary).not.toContain(MERGE_SHA.slice(0, 7));
    expect(operations()).not.toContain('StartJob');
  });
});

describe('a pull request from a fork', () => {
  const refusal = (fork: string, branch: string) =>
    `This pull request comes from the fork ${fork}, and its branch name ("${branch}") is chosen by the fork, not by this repository: a run for it may not write, create, start or delete anything, so \`mode: apply\` is refused; nothing was read or written. Run this step with \`mode: check\` or \`dry-run: true\` (they validate and write nothing; a fork's branch never gets a protected environment), or in a workflow that does not run for pull requests from forks (for example, a job with \`if: github.event.pull_request.head.repo.full_name == github.repository\`).`;

  it.each(['pull_request_target', 'pull_request'] as const)(
    '%s in apply mode: refused before any AWS call, naming the fork',
    async (name) => {
      const before = JSON.stringify(aws.state.branch(APP, 'main'));
      const result = await run(pullRequest('main', { name, head: FORK }), {
        deploy: 'start',
        'create-branch': 'true',
      });
      expect(result.exitCode).toBe(1);
      expect(annotations(result.stdout)).toEqual([refusal('mallory/storefront', 'main')]);
      expect(aws.requests).toHaveLength(0);
      expect(result.outputs).toMatchObject({ environment: '', changed: 'false', 'user-pool-id': '' });
      expect(JSON.stringify(aws.state.branch(APP, 'main'))).toBe(before);
    },
  );

  it('refused the same with the branch and amplify-branch inputs set', async () => {
    const result = await run(pullRequest('feature/login', { head: FORK }), {
      branch: 'feature/login',
      'amplify-branch': 'feature/login',
    });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([refusal('mallory/storefront', 'feature/login')]);
    expect(aws.requests).toHaveLength(0);
  });

  it('a fork that was deleted (head.repo null) is still a fork', async () => {
    const result = await run(pullRequest('main', { head: null }));
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([refusal('mallory/(deleted)', 'main')]);
    expect(aws.requests).toHaveLength(0);
  });

  it('is told by the repository ID: a renamed repository is the same repository, another ID is a fork', async () => {
    const renamed = await run(
      pullRequest('feature/login', { head: { id: BASE.id, full_name: 'acme/old-name' } }),
    );
    expect(renamed.exitCode).toBe(0);
    expect(operations()).toContain('UpdateBranch');
    aws.requests.length = 0;
    const sameName = await run(
      pullRequest('feature/login', { head: { id: 3003, full_name: BASE.full_name } }),
    );
    expect(sameName.exitCode).toBe(1);
    expect(annotations(sameName.stdout)).toEqual([refusal(BASE.full_name, 'feature/login')]);
    expect(aws.requests).toHaveLength(0);
  });

  it('without IDs, by the full name, in any case', async () => {
    const result = await run(pullRequest('feature/login', { head: { full_name: 'ACME/Storefront' } }));
    expect(result.exitCode).toBe(0);
    expect(result.outputs.environment).toBe('development');
  });

  it('dry run: validated with an unprotected environment, nothing changed, and the reason says why', async () => {
    const before = JSON.stringify(aws.state.branch(APP, 'feature/login'));
    const result = await run(
      pullRequest('main', { head: FORK }),
      { 'dry-run': 'true', 'amplify-branch': 'feature/login', deploy: 'start', 'auto-build': 'off' },
      CATCH_ALL,
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ environment: 'development', 'user-pool-id': DEVELOPMENT_POOL });
    expect(summaryText(result.summary)).toContain(
      'branch "main" matches pattern `**` of environment "development", the first in .github/amplify-auth.yml to match (protected environment "production" is not considered: the branch comes from the fork mallory/storefront, which chooses its branch names)',
    );
    expect(result.stdout).toContain('the pull_request_target head branch of the fork mallory/storefront');
    expect(result.stdout + result.summary + result.outputFile).not.toContain(PRODUCTION_POOL);
    expect(operations().filter((operation) => CHANGES.includes(operation))).toEqual([]);
    expect(JSON.stringify(aws.state.branch(APP, 'feature/login'))).toBe(before);
  });

  it('check mode: a branch named like a protected branch maps past the protected environment', async () => {
    const result = await run(pullRequest('main', { head: FORK, name: 'pull_request' }), {
      mode: 'check',
      'amplify-branch': 'feature/login',
    });
    // The sample has no catch-all: without production, nothing takes "main".
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      expect.stringContaining(
        'no environment in .github/amplify-auth.yml lists or matches branch "main" (protected environment "production" is not considered: the branch comes from the fork mallory/storefront, which chooses its branch names). Add the branch',
      ),
    ]);
    expect(result.outputs.environment).toBe('');
    expect(result.stdout + result.summary + result.outputFile).not.toContain(PRODUCTION_POOL);
    expect(operations().filter((operation) => CHANGES.includes(operation))).toEqual([]);
  });

  it('check mode: may not ask for a protected environment', async () => {
    const result = await run(pullRequest('main', { head: FORK }), {
      mode: 'check',
      environment: 'production',
      'amplify-branch': 'feature/login',
    });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'Environment "production" is protected, and branch "main" comes from the fork mallory/storefront, which chooses its branch names: a fork\'s branch never gets a protected environment; nothing was written. Ask for an unprotected environment, or leave the `environment` input unset for pull requests from forks.',
    ]);
    expect(aws.requests).toHaveLength(0);
  });

  it("check mode: is not compared with the protected environment's Amplify branch of the same name", async () => {
    const result = await run(pullRequest('main', { head: FORK }), { mode: 'check' }, CATCH_ALL);
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      expect.stringMatching(
        /^Amplify branch "main" belongs to protected environment "production", which lists it by name, and this pull request's branch of that name comes from the fork mallory\/storefront/,
      ),
    ]);
    expect(aws.requests).toHaveLength(0);
  });
});

// A workflow_run workflow runs with this repository's credentials after another workflow's run, which a pull
// request from a fork can start; a `branch` input taken from `workflow_run.head_branch` is then the fork's choice.
describe('a workflow_run that follows a run on a fork', () => {
  const workflowRun = (headRepository: Repository): ActionRunOptions['event'] => ({
    name: 'workflow_run',
    ref: 'refs/heads/main',
    payload: {
      workflow_run: { head_branch: 'main', head_repository: headRepository, repository: BASE },
      repository: BASE,
    },
  });

  it('in apply mode: refused before any AWS call, naming the fork and the guard for such a job', async () => {
    const before = JSON.stringify(aws.state.branch(APP, 'main'));
    const result = await run(workflowRun(FORK), { branch: 'main', deploy: 'start' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'This run follows a workflow run on a branch of the fork mallory/storefront, and that branch\'s name ("main") is chosen by the fork, not by this repository: a run for it may not write, create, start or delete anything, so `mode: apply` is refused; nothing was read or written. Run this step with `mode: check` or `dry-run: true` (they validate and write nothing; a fork\'s branch never gets a protected environment), or in a workflow that does not run for pull requests from forks (for example, a job with `if: github.event.workflow_run.head_repository.full_name == github.repository`).',
    ]);
    expect(aws.requests).toHaveLength(0);
    expect(JSON.stringify(aws.state.branch(APP, 'main'))).toBe(before);
  });

  it('after a run on a branch of this repository: applies as usual', async () => {
    const result = await run(workflowRun(BASE), { branch: 'main' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ environment: 'production' });
    expect(operations()).toContain('UpdateBranch');
  });
});
