// The bundled action, run as the GitHub runner runs it, against the local AWS.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ActionRunOptions, runActionForTest as runAction } from './support/action.ts';
import { type TestAws as LocalAws, startTestAws as startLocalAws } from './support/aws.ts';
import { annotations, summaryTable, summaryText } from './support/runner-log.ts';

const APP = 'd1exampleapp01';
const SAMPLE = readFileSync('sample/amplify-auth.yml', 'utf8');
const files = { '.github/amplify-auth.yml': SAMPLE };

let aws: LocalAws;
beforeEach(async () => {
  aws = await startLocalAws();
});
afterEach(async () => {
  await aws.close();
});

const push = (branch: string) => ({ name: 'push', ref: `refs/heads/${branch}` }) as const;
const run = (options: Partial<ActionRunOptions> & Pick<ActionRunOptions, 'event'>) =>
  runAction({ inputs: { 'app-id': APP }, awsEnv: aws.env(), files, ...options });
const variablesOf = (branch: string) => aws.state.branchVariables(APP, branch);
const calls = (operation: string) => aws.requests.filter((request) => request.operation === operation).length;

const PRODUCTION = {
  USER_POOL_ID: 'us-east-1_PrOd12345',
  USER_POOL_CLIENT_ID: '4prodclient5example6abcdef',
  IDENTITY_POOL_ID: 'us-east-1:11111111-1111-4111-8111-111111111111',
  AUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-production-auth',
  UNAUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-production-unauth',
  USER_POOL_GROUPS: '{"ADMINS":"arn:aws:iam::111122223333:role/amplify-auth-production-admins"}',
};

describe('push', () => {
  it('writes the environment of main into the main branch, keeping its other variables', async () => {
    const before = variablesOf('main');
    expect(Object.keys(before).length).toBeGreaterThan(0);

    const result = await run({ event: push('main') });

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(variablesOf('main')).toEqual({ ...before, ...PRODUCTION });
    expect(result.outputs).toEqual({
      environment: 'production',
      'amplify-branch': 'main',
      changed: 'true',
      'user-pool-id': PRODUCTION.USER_POOL_ID,
      'user-pool-client-id': PRODUCTION.USER_POOL_CLIENT_ID,
      'identity-pool-id': PRODUCTION.IDENTITY_POOL_ID,
      'auth-role-arn': PRODUCTION.AUTH_ROLE_ARN,
      'unauth-role-arn': PRODUCTION.UNAUTH_ROLE_ARN,
      variables: JSON.stringify(PRODUCTION),
      'job-id': '',
      'job-status': '',
      'job-url': '',
      'deployment-url': `https://main.${APP}.amplifyapp.com`,
      'branch-created': 'false',
    });
    const text = summaryText(result.summary);
    expect(text).toContain('Amplify Cognito environment: production → Amplify branch main');
    expect(text).toContain('branch "main" is listed by name in environment "production"');
    expect(summaryTable(result.summary, 'Variable')).toContainEqual([
      'USER_POOL_ID',
      '—',
      'us-east-1_PrOd12345',
      'added',
    ]);
    expect(text).toContain(
      `6 added; ${Object.keys(before).length} other variables on the branch not managed by this action.`,
    );
    expect(text).toContain(
      'Verified: read back after one write, the branch holds exactly the validated values. Its other variables were written back as read before the write',
    );
    expect(result.summary).toContain(
      `(https://us-east-1.console.aws.amazon.com/amplify/apps/${APP}/branches/main/deployments)`,
    );
    expect(result.stdout).toContain('::group::Environment');
    expect(calls('UpdateBranch')).toBe(1);
  });

  it('does not write when the branch already holds the values', async () => {
    await run({ event: push('main') });
    const updatesBefore = calls('UpdateBranch');
    const variables = variablesOf('main');

    const again = await run({ event: push('main') });

    expect(again.exitCode).toBe(0);
    expect(again.outputs.changed).toBe('false');
    expect(calls('UpdateBranch')).toBe(updatesBefore);
    expect(variablesOf('main')).toEqual(variables);
    expect(summaryText(again.summary)).toContain(
      'Verified: the branch already held exactly the validated values; nothing was written.',
    );
  });

  it('maps a feature branch, whose name has a slash, by pattern and writes no groups variable', async () => {
    const result = await run({ event: push('feature/login') });

    expect(result.exitCode).toBe(0);
    expect(result.outputs.environment).toBe('development');
    expect(summaryText(result.summary)).toContain(
      'matches pattern `feature/**` of environment "development"',
    );
    expect(variablesOf('feature/login')).toMatchObject({ USER_POOL_ID: 'us-east-1_DeV12345x' });
    expect(variablesOf('feature/login')).not.toHaveProperty('USER_POOL_GROUPS');
    expect(result.summary).toContain('/branches/feature%2Flogin/deployments');
  });

  it('changes only the values that differ and removes a groups variable the environment no longer has', async () => {
    aws.state.setBranchVariables(APP, 'feature/login', {
      KEEP: 'me',
      USER_POOL_ID: 'us-east-1_Stale',
      USER_POOL_GROUPS: '{"OLD":"arn:aws:iam::111122223333:role/old"}',
    });

    const result = await run({ event: push('feature/login') });

    expect(result.exitCode).toBe(0);
    expect(variablesOf('feature/login')).toMatchObject({ KEEP: 'me', USER_POOL_ID: 'us-east-1_DeV12345x' });
    expect(variablesOf('feature/login')).not.toHaveProperty('USER_POOL_GROUPS');
    const rows = summaryTable(result.summary, 'Variable');
    expect(rows).toContainEqual(['USER_POOL_ID', 'us-east-1_Stale', 'us-east-1_DeV12345x', 'changed']);
    expect(rows).toContainEqual([
      'USER_POOL_GROUPS',
      '{"OLD":"arn:aws:iam::111122223333:role/old"}',
      '—',
      'removed',
    ]);
  });

  it('keeps a variable another writer added right after the write, and says so', async () => {
    // The colleague's edit, made from an older read, lands right after the action's write and replaces it.
    aws.faults.push({
      kind: 'mutate',
      when: 'after',
      operation: 'UpdateBranch',
      times: 1,
      apply: (state) => state.addBranchVariables(APP, 'main', { ADDED_MEANWHILE: 'yes' }),
    });

    const result = await run({ event: push('main') });

    expect(result.exitCode).toBe(0);
    expect(variablesOf('main')).toMatchObject({ ...PRODUCTION, ADDED_MEANWHILE: 'yes' });
    expect(annotations(result.stdout, 'warning')).toContainEqual(
      expect.stringContaining('After write 1, the branch differed from what was written in ADDED_MEANWHILE'),
    );
  });

  it('fails for a tag without the branch input, and writes nothing', async () => {
    const result = await run({ event: { name: 'push', ref: 'refs/tags/v1.0.0' } });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'This run is for tag v1.0.0, not a branch: set the `branch` input to the branch whose environment it should use.',
    ]);
    expect(calls('UpdateBranch')).toBe(0);
  });

  it('fails when no environment matches, or skips when asked to', async () => {
    const before = variablesOf('staging');
    const failed = await run({
      event: push('chore/x'),
      inputs: { 'app-id': APP, 'amplify-branch': 'staging' },
    });
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toContain(
      '::error file=.github/amplify-auth.yml::no environment in .github/amplify-auth.yml lists or matches branch "chore/x". Add the branch',
    );

    const skipped = await run({
      event: push('chore/x'),
      inputs: { 'app-id': APP, 'amplify-branch': 'staging', 'on-unmatched': 'skip' },
    });
    expect(skipped.exitCode).toBe(0);
    expect(skipped.outputs.environment).toBe('');
    expect(skipped.outputs.changed).toBe('false');
    expect(skipped.summary).toContain('Skipped: no environment');
    expect(variablesOf('staging')).toEqual(before);
    expect(calls('GetBranch') + calls('UpdateBranch')).toBe(0);
  });
});

describe('pull_request', () => {
  it('maps the head branch', async () => {
    const result = await run({
      event: { name: 'pull_request', ref: 'refs/pull/7/merge', headRef: 'feature/login' },
      inputs: { 'app-id': APP, 'dry-run': 'true' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.environment).toBe('development');
    expect(result.outputs['amplify-branch']).toBe('feature/login');
  });
});

describe('workflow_dispatch', () => {
  it('uses the requested environment for an unprotected one', async () => {
    const result = await run({
      event: {
        name: 'workflow_dispatch',
        ref: 'refs/heads/feature/login',
        payload: { inputs: { environment: 'staging' } },
      },
      inputs: { 'app-id': APP, environment: 'staging' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.environment).toBe('staging');
    expect(variablesOf('feature/login')).toMatchObject({ USER_POOL_ID: 'us-east-1_StAg12345' });
    expect(summaryText(result.summary)).toContain('the `environment` input asks for "staging"');
  });

  it('refuses a protected environment from a branch outside its patterns, leaving the branch as it was', async () => {
    const before = JSON.stringify(aws.state.branch(APP, 'feature/login'));
    const result = await run({
      event: { name: 'workflow_dispatch', ref: 'refs/heads/feature/login' },
      inputs: { 'app-id': APP, environment: 'production' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /::error file=\.github\/amplify-auth\.yml,line=4,col=3::Environment "production" is protected and branch "feature\/login" matches none of its branches \(main\)/,
    );
    expect(result.summary).toContain('Nothing was written to the Amplify branch.');
    expect(JSON.stringify(aws.state.branch(APP, 'feature/login'))).toBe(before);
  });

  it('shows the changes and writes nothing in a dry run', async () => {
    const before = JSON.stringify(aws.state.branch(APP, 'main'));
    const result = await run({
      event: { name: 'workflow_dispatch', ref: 'refs/heads/main' },
      inputs: { 'app-id': APP, 'dry-run': 'true' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.changed).toBe('true');
    expect(summaryText(result.summary)).toContain('Dry run: nothing was written');
    expect(summaryTable(result.summary, 'Variable')).toContainEqual([
      'USER_POOL_ID',
      '—',
      'us-east-1_PrOd12345',
      'added',
    ]);
    expect(calls('UpdateBranch')).toBe(0);
    expect(JSON.stringify(aws.state.branch(APP, 'main'))).toBe(before);
  });
});

describe('bad input and AWS failures', () => {
  it('points at the file and line of a config error', async () => {
    const result = await run({
      event: push('main'),
      files: {
        '.github/amplify-auth.yml': SAMPLE.replace(
          'userPoolId: us-east-1_PrOd12345',
          'userPoolId: prod-pool',
        ),
      },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      '::error file=.github/amplify-auth.yml,line=7,col=17::environments.production.userPoolId: "prod-pool" is not valid: expected <region>_<suffix>',
    );
    expect(aws.requests).toHaveLength(0);
  });

  it('says which Amplify branch does not exist', async () => {
    const result = await run({ event: push('feature/new') });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      `Amplify branch "feature/new" of app ${APP} (us-east-1) does not exist. Connect the branch in the Amplify console (or set the \`amplify-branch\` input to an existing branch), or set \`create-branch: true\` to create it with the variables, then re-run.`,
    ]);
  });

  it('rejects bad inputs before calling AWS', async () => {
    const result = await run({ event: push('main'), inputs: { 'app-id': APP, 'dry-run': 'maybe' } });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual(['Input `dry-run` is "maybe"; it takes true or false.']);
    expect(aws.requests).toHaveLength(0);
  });

  it('reports a denied write and leaves the branch as it was', async () => {
    const before = JSON.stringify(aws.state.branch(APP, 'main'));
    aws.state.deny.push('amplify:UpdateBranch');
    const result = await run({ event: push('main') });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      expect.stringMatching(
        /^AWS denied amplify:UpdateBranch on Amplify branch "main" of app d1exampleapp01 \(us-east-1\) \(AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role\/.* is not authorized to perform: amplify:UpdateBranch on resource: .*\)\. Grant it to the role this workflow assumes; the README lists the policy\.$/,
      ),
    ]);
    expect(JSON.stringify(aws.state.branch(APP, 'main'))).toBe(before);
    expect(summaryText(result.summary)).toContain('Nothing was written to the Amplify branch.');
  });

  it('retries a passing server error', async () => {
    aws.faults.push({
      kind: 'error',
      operation: 'UpdateBranch',
      status: 500,
      code: 'InternalFailureException',
      times: 1,
    });
    const result = await run({ event: push('main') });
    expect(result.exitCode).toBe(0);
    expect(variablesOf('main')).toMatchObject(PRODUCTION);
    expect(aws.requests.filter((r) => r.operation === 'UpdateBranch').map((r) => r.status)).toEqual([
      500, 200,
    ]);
  });
});
