// Pull-request previews, run as the runner runs the action (a child process on the source) against the local AWS:
// `create-branch` makes the preview with the variables and marks it as this repository's, and `mode: delete` on
// the closed pull request removes it, but never a branch made by hand, another repository's preview, a branch of
// a protected environment or the app's production branch; a fork is refused before any AWS call, and the app's
// branch quota is said plainly, with this repository's previews named.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchState } from '../local-aws/state.ts';
import { type ActionRun, type ActionRunOptions, runActionForTest } from './support/action.ts';
import { ACTION_USER_AGENT, startTestAws, type TestAws } from './support/aws.ts';
import { annotations, annotationsWithPlace, summaryListItems, summaryText } from './support/runner-log.ts';
import { APP, DEVELOPMENT, SAMPLE } from './support/sample.ts';

/** The repository the workflow runs in (GITHUB_REPOSITORY), set explicitly on every run. */
const REPOSITORY = 'example-org/storefront';
const OTHER_REPOSITORY = 'example-org/storefront-admin';
const mark = (repository: string) => `Created by amplify-cognito-env for ${repository}`;
const CONFIG = '.github/amplify-auth.yml';
/** Where the sample's production environment starts (its key): the place of a refusal that names it. */
const PRODUCTION_LINE = SAMPLE.split('\n').indexOf('  production:') + 1;
const DESCRIBED = (branch: string) => `Amplify branch "${branch}" of app ${APP} (us-east-1)`;

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws();
});
afterEach(async () => {
  await aws.close();
});

/** A pull request from a branch of this repository, as GitHub sends it for `action`. */
const pullRequest = (action: 'opened' | 'synchronize' | 'closed'): ActionRunOptions['event'] => ({
  name: 'pull_request',
  ref: 'refs/pull/7/merge',
  headRef: 'feature/checkout',
  payload: { action },
});

/**
 * A preview step: the same inputs on every event, `mode: delete` once the pull request is closed, on a branch named
 * pr-7. The README's own step runs as written in readme-preview.e2e.test.ts.
 */
const PREVIEW_INPUTS = {
  'app-id': APP,
  'amplify-branch': 'pr-7',
  'create-branch': 'true',
  stage: 'PULL_REQUEST',
  'auto-build': 'off',
};

function run(
  event: ActionRunOptions['event'],
  inputs: Record<string, string> = {},
  { config = SAMPLE, repository = REPOSITORY }: { config?: string; repository?: string } = {},
): Promise<ActionRun> {
  return runActionForTest({
    inputs: { ...PREVIEW_INPUTS, ...inputs },
    event,
    awsEnv: { ...aws.env(), GITHUB_REPOSITORY: repository },
    files: { [CONFIG]: config },
  });
}
const closed = (inputs: Record<string, string> = {}, options?: Parameters<typeof run>[2]) =>
  run(pullRequest('closed'), { mode: 'delete', ...inputs }, options);

/** The operations the action sent (by its user agent), in order. */
const sent = () =>
  aws.requests
    .filter((request) => request.userAgent.includes(ACTION_USER_AGENT))
    .map((request) => request.operation);
const count = (operation: string) => sent().filter((sentOperation) => sentOperation === operation).length;
const branchNames = () => aws.state.app(APP)?.branches.map((branch) => branch.branchName);

/** A branch that exists before the run, with a description (or none, as one made in the console has). */
function existingBranch(name: string, description = ''): BranchState {
  const branch = aws.state.addBranch(APP, name);
  branch.description = description;
  branch.environmentVariables = { API_URL: 'https://api.dev.example.com' };
  return branch;
}

/** A branch of the sample app, as the local AWS holds it (to change it the way the console would). */
function seeded(name: string): BranchState {
  const branch = aws.state.branch(APP, name);
  if (!branch) throw new Error(`the sample app has no branch ${name}`);
  return branch;
}

describe('a pull request opened or updated', () => {
  it('creates the preview branch with the variables, marked as created for this repository', async () => {
    const result = await run(pullRequest('opened'));
    expect(result.exitCode).toBe(0);
    expect(annotations(result.stdout)).toEqual([]);
    const created = aws.state.branch(APP, 'pr-7');
    expect(created?.description).toBe('Created by amplify-cognito-env for example-org/storefront');
    expect(created?.environmentVariables).toEqual(DEVELOPMENT);
    expect(created).toMatchObject({ stage: 'PULL_REQUEST', enableAutoBuild: false });
    expect(count('CreateBranch')).toBe(1);
    expect(result.outputs).toMatchObject({
      environment: 'development',
      'amplify-branch': 'pr-7',
      'branch-created': 'true',
    });
    expect(result.stdout).toContain(`Created ${DESCRIBED('pr-7')} (stage PULL_REQUEST`);
    expect(summaryText(result.summary)).toContain(
      'Created the Amplify branch, with the variables in the creating call.',
    );

    // A later push to the pull request leaves the branch, and its mark, as they are.
    const again = await run(pullRequest('synchronize'));
    expect(again.exitCode).toBe(0);
    expect(again.outputs['branch-created']).toBe('false');
    expect(aws.state.branch(APP, 'pr-7')?.description).toBe(mark(REPOSITORY));
    expect(count('CreateBranch')).toBe(1);
  });

  it("the mark names the workflow's repository, whichever it is", async () => {
    const result = await run(pullRequest('opened'), {}, { repository: 'acme/shop' });
    expect(result.exitCode).toBe(0);
    expect(aws.state.branch(APP, 'pr-7')?.description).toBe('Created by amplify-cognito-env for acme/shop');
  });
});

describe('a pull request closed (mode: delete)', () => {
  it('deletes the preview this repository created; a re-run finds it gone and passes', async () => {
    expect((await run(pullRequest('opened'))).exitCode).toBe(0);
    aws.requests.length = 0;

    const result = await closed();
    expect(result.exitCode).toBe(0);
    expect(annotations(result.stdout)).toEqual([]);
    expect(aws.state.branch(APP, 'pr-7')).toBeUndefined();
    expect(branchNames()).toEqual(['main', 'staging', 'feature/login']);
    expect(count('DeleteBranch')).toBe(1);
    // Delete reads the app and the branch, deletes, and reads nothing from Cognito.
    expect([...new Set(sent())].sort()).toEqual(['DeleteBranch', 'GetApp', 'GetBranch']);
    expect(result.stdout).toContain(`Deleted ${DESCRIBED('pr-7')}.`);
    const text = summaryText(result.summary);
    expect(text).toContain('Amplify Cognito environment: development → Amplify branch pr-7 (delete)');
    expect(text).toContain(
      'Deleted the Amplify branch pr-7 , which this action had created for this repository.',
    );
    expect(result.outputs).toMatchObject({
      environment: 'development',
      'amplify-branch': 'pr-7',
      changed: 'false',
    });

    aws.requests.length = 0;
    const rerun = await closed();
    expect(rerun.exitCode).toBe(0);
    expect(annotations(rerun.stdout)).toEqual([]);
    expect(count('DeleteBranch')).toBe(0);
    expect(rerun.stdout).toContain(
      `${DESCRIBED('pr-7')} does not exist (deleted before): nothing to delete.`,
    );
    expect(summaryText(rerun.summary)).toContain(
      'Already gone: the Amplify branch pr-7 does not exist; nothing to delete.',
    );
  });

  it('uses none of the other inputs (the same step serves both events), but still refuses a value they cannot take', async () => {
    expect((await run(pullRequest('opened'))).exitCode).toBe(0);
    aws.requests.length = 0;
    const given = { deploy: 'wait', 'outputs-file': 'amplify_outputs.json', 'backend-deploy': 'touch ran' };
    const result = await closed(given);
    expect(result.exitCode).toBe(0);
    expect([...new Set(sent())].sort()).toEqual(['DeleteBranch', 'GetApp', 'GetBranch']);
    expect(existsSync(join(result.workspace, 'amplify_outputs.json'))).toBe(false);
    expect(existsSync(join(result.workspace, 'ran'))).toBe(false);

    expect((await run(pullRequest('opened'))).exitCode).toBe(0);
    aws.requests.length = 0;
    const refused = await closed({ 'wait-minutes': '-1' });
    expect(refused.exitCode).toBe(1);
    expect(annotations(refused.stdout)).toEqual([
      expect.stringContaining('Input `wait-minutes` is "-1"; it takes a number above 0 and at most 360'),
    ]);
    expect(sent()).toEqual([]);
    expect(aws.state.branch(APP, 'pr-7')).toBeDefined();
  });

  it('a branch deleted by someone else between the read and the delete is already gone, and passes', async () => {
    existingBranch('pr-7', mark(REPOSITORY));
    aws.faults.push({
      kind: 'mutate',
      when: 'before',
      operation: 'DeleteBranch',
      times: 1,
      apply: (state) => state.deleteBranch(APP, 'pr-7'),
    });
    const result = await closed();
    expect(result.exitCode).toBe(0);
    expect(count('DeleteBranch')).toBe(1);
    expect(result.stdout).toContain(`${DESCRIBED('pr-7')} was already gone when the delete arrived.`);
    expect(summaryText(result.summary)).toContain(
      'Already gone: the Amplify branch pr-7 does not exist; nothing to delete.',
    );
  });

  it('a denied DeleteBranch fails the step, says so, and leaves the branch', async () => {
    existingBranch('pr-7', mark(REPOSITORY));
    aws.state.deny.push('amplify:DeleteBranch');
    const result = await closed();
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      expect.stringMatching(
        /^AWS denied amplify:DeleteBranch on Amplify branch "pr-7" of app d1exampleapp01 \(us-east-1\) \(AccessDeniedException: .*\)\. Grant it to the role this workflow assumes; the README lists the policy\.$/,
      ),
    ]);
    expect(aws.state.branch(APP, 'pr-7')).toBeDefined();
    expect(summaryText(result.summary)).toContain(
      'Not deleted: the Amplify branch was left as it was; see the messages below.',
    );
  });
});

describe('mode: delete refuses, and deletes nothing', () => {
  /** The branch as the state holds it, to compare after the run. */
  const snapshot = (branch: string) => JSON.stringify(aws.state.branch(APP, branch));

  function expectRefused(result: ActionRun, message: string, branch: string, before: string) {
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([message]);
    expect(count('DeleteBranch')).toBe(0);
    expect(aws.state.branch(APP, branch)).toBeDefined();
    expect(snapshot(branch)).toBe(before);
    expect(summaryText(result.summary)).toContain(
      'Not deleted: the Amplify branch was left as it was; see the messages below.',
    );
  }

  it('a branch made by hand (no description)', async () => {
    existingBranch('pr-7');
    const before = snapshot('pr-7');
    const result = await closed();
    expectRefused(
      result,
      `${DESCRIBED('pr-7')} was not created by this action for ${REPOSITORY} (it has no description, not "${mark(REPOSITORY)}"), so \`mode: delete\` leaves it; nothing was deleted. Delete it in the Amplify console if it should go.`,
      'pr-7',
      before,
    );
  });

  it('a branch a colleague described in the console', async () => {
    existingBranch('pr-7', 'Demo for the customer, keep until Friday');
    const before = snapshot('pr-7');
    const result = await closed();
    expectRefused(
      result,
      `${DESCRIBED('pr-7')} was not created by this action for ${REPOSITORY} (its description is "Demo for the customer, keep until Friday", not "${mark(REPOSITORY)}"), so \`mode: delete\` leaves it; nothing was deleted. Delete it in the Amplify console if it should go.`,
      'pr-7',
      before,
    );
  });

  it("another repository's preview in the same app, created by this action for that repository", async () => {
    // The other repository's workflow creates its pr-7 in the shared app…
    const other = await run(pullRequest('opened'), {}, { repository: OTHER_REPOSITORY });
    expect(other.exitCode).toBe(0);
    expect(aws.state.branch(APP, 'pr-7')?.description).toBe(mark(OTHER_REPOSITORY));
    const before = snapshot('pr-7');
    // …and this repository's pull request number 7 closes.
    const result = await closed();
    expectRefused(
      result,
      `${DESCRIBED('pr-7')} was not created by this action for ${REPOSITORY} (its description is "${mark(OTHER_REPOSITORY)}", not "${mark(REPOSITORY)}"), so \`mode: delete\` leaves it; nothing was deleted. Delete it in the Amplify console if it should go.`,
      'pr-7',
      before,
    );
    // The other repository's own closed pull request deletes it.
    const owner = await closed({}, { repository: OTHER_REPOSITORY });
    expect(owner.exitCode).toBe(0);
    expect(aws.state.branch(APP, 'pr-7')).toBeUndefined();
  });

  it('`amplify-branch: main`: the protected environment that lists main refuses it, before any AWS call', async () => {
    seeded('main').description = mark(REPOSITORY);
    const before = snapshot('main');
    const result = await closed({ 'amplify-branch': 'main' });
    expectRefused(
      result,
      'Branch "main" belongs to protected environment "production", which lists it by name, so it cannot get the IDs of environment "development" through the `amplify-branch` input; nothing was written. Use environment "production" for it, or write another branch.',
      'main',
      before,
    );
    expect(sent()).toEqual([]);
    expect(annotationsWithPlace(result.stdout)[0]?.properties).toMatchObject({
      file: CONFIG,
      line: String(PRODUCTION_LINE),
    });
  });

  it("main's own workflow with mode: delete: main is a branch of the protected environment, never deleted", async () => {
    seeded('main').description = mark(REPOSITORY);
    const before = snapshot('main');
    const result = await run(
      { name: 'push', ref: 'refs/heads/main' },
      { mode: 'delete', 'amplify-branch': '' },
    );
    expectRefused(
      result,
      `${DESCRIBED('main')} is a branch of the protected environment "production", which \`mode: delete\` never deletes; nothing was deleted.`,
      'main',
      before,
    );
    expect(sent()).toEqual([]);
    expect(annotationsWithPlace(result.stdout)[0]?.properties).toMatchObject({
      file: CONFIG,
      line: String(PRODUCTION_LINE),
    });
    expect(summaryText(result.summary)).toContain(
      `${CONFIG}:${PRODUCTION_LINE}:3 : ${DESCRIBED('main')} is a branch of the protected environment "production"`,
    );
  });

  it("a preview whose name a protected environment's pattern covers, even with this repository's mark", async () => {
    const config = SAMPLE.replace('branches: [main]', 'branches: [main, "hotfix/*"]');
    existingBranch('hotfix/pay', mark(REPOSITORY));
    const before = snapshot('hotfix/pay');
    const result = await closed({ 'amplify-branch': 'hotfix/pay' }, { config });
    expectRefused(
      result,
      `${DESCRIBED('hotfix/pay')} is a branch of the protected environment "production", which \`mode: delete\` never deletes; nothing was deleted.`,
      'hotfix/pay',
      before,
    );
    expect(sent()).toEqual([]);
  });

  it("the app's production branch, even with this repository's mark", async () => {
    seeded('main').stage = 'NONE';
    existingBranch('live', mark(REPOSITORY)).stage = 'PRODUCTION';
    const before = snapshot('live');
    const result = await closed({ 'amplify-branch': 'live' });
    expectRefused(
      result,
      `${DESCRIBED('live')} is the app's production branch, which \`mode: delete\` never deletes; nothing was deleted.`,
      'live',
      before,
    );
    expect([...new Set(sent())].sort()).toEqual(['GetApp', 'GetBranch']);
  });
});

describe('mode: delete with dry-run: true', () => {
  it('deletes nothing and lists the delete a real run would make', async () => {
    existingBranch('pr-7', mark(REPOSITORY));
    const before = JSON.stringify(aws.state.branch(APP, 'pr-7'));
    const result = await closed({ 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(JSON.stringify(aws.state.branch(APP, 'pr-7'))).toBe(before);
    expect(count('DeleteBranch')).toBe(0);
    const text = summaryText(result.summary);
    expect(text).toContain('Dry run: nothing was deleted.');
    expect(text).toContain('A real run would also:');
    expect(summaryListItems(result.summary)).toEqual([
      `Delete ${DESCRIBED('pr-7')}, created by this action for this repository.`,
    ]);
  });

  it('refuses what a real run would refuse: a branch made by hand', async () => {
    existingBranch('pr-7');
    const result = await closed({ 'dry-run': 'true' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([expect.stringContaining('it has no description')]);
    expect(aws.state.branch(APP, 'pr-7')).toBeDefined();
    expect(summaryListItems(result.summary).filter((item) => item.startsWith('Delete'))).toEqual([]);
  });
});

describe('a pull request from a fork', () => {
  const BASE = { id: 1001, full_name: REPOSITORY };
  const FORK = { id: 2002, full_name: 'mallory/storefront' };
  const forkClosed: ActionRunOptions['event'] = {
    name: 'pull_request_target',
    ref: 'refs/pull/7/merge',
    payload: {
      action: 'closed',
      pull_request: {
        number: 7,
        head: { ref: 'feature/checkout', sha: 'feedface00feedface00feedface00feedface00', repo: FORK },
        base: { ref: 'main', repo: BASE },
      },
    },
  };

  it('mode: delete is refused like apply, before any AWS call', async () => {
    existingBranch('pr-7', mark(REPOSITORY));
    const result = await run(forkClosed, { mode: 'delete' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'This pull request comes from the fork mallory/storefront, and its branch name ("feature/checkout") is chosen by the fork, not by this repository: a run for it may not write, create, start or delete anything, so `mode: delete` is refused; nothing was read or written. Run this step with `mode: check` or `dry-run: true` (they validate and write nothing; a fork\'s branch never gets a protected environment), or in a workflow that does not run for pull requests from forks (for example, a job with `if: github.event.pull_request.head.repo.full_name == github.repository`).',
    ]);
    expect(aws.requests).toHaveLength(0);
    expect(aws.state.branch(APP, 'pr-7')).toBeDefined();
  });
});

describe("the app's branch quota", () => {
  it('create-branch at the quota fails once, without a retry, naming the branches this action created here', async () => {
    aws.state.branchesPerAppQuota = 3;
    aws.state.deleteBranch(APP, 'staging');
    aws.state.deleteBranch(APP, 'feature/login');
    existingBranch('pr-1', mark(REPOSITORY));
    existingBranch('pr-2', mark(REPOSITORY));
    // Not counted: made by hand, and another repository's preview.
    existingBranch('demo');
    existingBranch('pr-1-admin', mark(OTHER_REPOSITORY));
    const branchesBefore = branchNames();

    const result = await run(pullRequest('opened'), { 'amplify-branch': 'pr-3' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      `Amplify app ${APP} (us-east-1) has as many branches as Amplify allows (50 per app), so ${DESCRIBED('pr-3')} cannot be created. 2 of them were created by this action (pr-1, pr-2): delete those no longer needed (\`mode: delete\` for a closed pull request's preview). Nothing was created.`,
    ]);
    expect(aws.state.branch(APP, 'pr-3')).toBeUndefined();
    expect(branchNames()).toEqual(branchesBefore);
    // LimitExceededException is a 429 the SDK would retry as throttling: sent exactly once.
    expect(count('CreateBranch')).toBe(1);
    expect(count('ListBranches')).toBeGreaterThanOrEqual(1);
    expect(count('UpdateBranch')).toBe(0);
    expect(result.outputs['branch-created']).toBe('false');
    expect(summaryText(result.summary)).toContain('Nothing was written to the Amplify branch.');
  });

  it('says so when none of the branches is one this action created', async () => {
    aws.state.branchesPerAppQuota = 3;
    const result = await run(pullRequest('opened'), { 'amplify-branch': 'pr-3' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      `Amplify app ${APP} (us-east-1) has as many branches as Amplify allows (50 per app), so ${DESCRIBED('pr-3')} cannot be created. None of them was created by this action. Nothing was created.`,
    ]);
    expect(count('CreateBranch')).toBe(1);
  });
});
