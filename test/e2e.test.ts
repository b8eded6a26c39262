// The bundled action, run as the GitHub runner runs it, against the local AWS.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENTRIES, prepareRunner } from '../scripts/run-action.ts';
import { type ActionRun, type ActionRunOptions, runActionForTest as runAction } from './support/action.ts';
import { type TestAws as LocalAws, record, startTestAws as startLocalAws } from './support/aws.ts';
import { annotations, summaryTable, summaryText } from './support/runner-log.ts';
import { PRODUCTION } from './support/sample.ts';

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

  it('fails when no environment matches and on-unmatched is not given, whoever supplies the default', async () => {
    const message =
      '::error file=.github/amplify-auth.yml::no environment in .github/amplify-auth.yml lists or matches branch "chore/x". Add the branch (or a pattern) to an environment, set the `environment` input, or set `on-unmatched: skip`.';
    const options = { event: push('chore/x'), inputs: { 'app-id': APP, 'amplify-branch': 'staging' } };
    // The workflow leaves the input out: the runner passes action.yml's default.
    const omitted = await run(options);
    // The runner passes nothing at all for it (INPUT_ON-UNMATCHED unset): the action's own default.
    const unset = await runWithout('on-unmatched', { ...options, awsEnv: aws.env(), files });
    for (const result of [omitted, unset]) {
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain(message);
      expect(result.outputs).toMatchObject({ environment: '', changed: 'false' });
      expect(summaryText(result.summary)).not.toContain('Skipped');
    }
    expect(calls('GetBranch') + calls('UpdateBranch')).toBe(0);
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

  it('refuses a protected environment from a branch that its `!` pattern excludes', async () => {
    const excluding = SAMPLE.replace(
      '    branches: [main]\n',
      '    branches: [main, "hotfix/**", "!hotfix/**-wip"]\n',
    );
    expect(excluding).not.toBe(SAMPLE);
    const dispatch = (branch: string) =>
      run({
        event: { name: 'workflow_dispatch', ref: `refs/heads/${branch}` },
        inputs: { 'app-id': APP, environment: 'production', 'dry-run': 'true', 'create-branch': 'true' },
        files: { '.github/amplify-auth.yml': excluding },
      });
    const refused = await dispatch('hotfix/login-wip');
    expect(refused.exitCode).toBe(1);
    expect(annotations(refused.stdout)).toEqual([
      'Environment "production" is protected and branch "hotfix/login-wip" matches none of its branches (main, hotfix/**, !hotfix/**-wip); nothing was written. Use it from one of those branches.',
    ]);
    expect(refused.outputs.environment).toBe('');
    expect(aws.requests).toHaveLength(0);
    // The same request from a branch the patterns keep is served.
    const served = await dispatch('hotfix/login');
    expect(served.outputs.environment).toBe('production');
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

  it('after a lost write answer and a stale read-back, reads again and reports the write that landed', async () => {
    const before = variablesOf('main');
    aws.faults.push(
      // Once the write has landed, the next GetBranch is served by a replica that has not seen it.
      {
        kind: 'mutate',
        when: 'after',
        operation: 'UpdateBranch',
        times: 1,
        apply: () => aws.faults.push({ kind: 'stale', service: 'amplify', operation: 'GetBranch', times: 1 }),
      },
      // The write lands, its answer is lost...
      {
        service: 'amplify',
        operation: 'UpdateBranch',
        kind: 'error',
        status: 500,
        code: 'InternalFailure',
        afterHandler: true,
        times: 1,
      },
      // ...and so are the SDK's two retries, refused before they change anything: the step sees a failed write.
      {
        service: 'amplify',
        operation: 'UpdateBranch',
        kind: 'error',
        status: 500,
        code: 'InternalFailure',
        times: 2,
      },
    );

    const result = await run({ event: push('main') });

    expect(result.exitCode).toBe(0);
    expect(result.outputs.changed).toBe('true');
    expect(annotations(result.stdout, 'warning')).toContainEqual(
      expect.stringMatching(
        /The answer to write 1 was lost \(.+\), but the branch, read back, holds exactly what was written: the write landed\.$/,
      ),
    );
    const text = summaryText(result.summary);
    expect(text).toContain('the branch holds exactly the validated values');
    expect(text).not.toMatch(/Nothing was written|did not land/);
    expect(variablesOf('main')).toEqual({ ...before, ...PRODUCTION });
    expect(aws.requests.filter((r) => r.operation === 'UpdateBranch').map((r) => r.status)).toEqual([
      500, 500, 500,
    ]);
    // The read-back after the write: the stale copy (the branch as before the write), then the branch itself.
    const readBacks = aws.requests.filter((r) => r.operation === 'GetBranch').slice(1);
    expect(readBacks).toHaveLength(2);
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

/** Runs the action as the runner does, except that the runner passes nothing at all for one input. */
function runWithout(input: string, options: ActionRunOptions): Promise<ActionRun> {
  const { workspace, env, collect } = prepareRunner(options);
  delete env[`INPUT_${input.toUpperCase()}`];
  return new Promise((done) => {
    execFile(process.execPath, [ENTRIES.src], { cwd: workspace, env }, (error, stdout, stderr) => {
      const result = { exitCode: error ? Number(error.code ?? 1) : 0, stdout, stderr, ...collect() };
      record('run', { stdout, stderr, outputFile: result.outputFile, summary: result.summary });
      done(result);
    });
  });
}
