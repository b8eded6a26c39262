// The committed bundle, run as the runner runs it (`runs.main: dist/index.js` on Node 24): the one suite on
// dist/; every other suite runs the source. CI rebuilds dist/ and fails when it differs from what is committed.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runActionForTest } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { summaryText } from './support/runner-log.ts';

const APP = 'd1exampleapp01';

let aws: TestAws;
beforeEach(async () => {
  // Each GetJob moves the builds 300 virtual seconds on: the build is over by the first look at it.
  aws = await startTestAws({ jobSecondsPerPoll: 300 });
});
afterEach(async () => {
  await aws.close();
});

describe('dist/index.js', () => {
  it('validates, writes and verifies a push to main, then starts its build and follows it to success', async () => {
    const result = await runActionForTest({
      entry: 'dist',
      inputs: { 'app-id': APP, 'auto-build': 'off', deploy: 'wait' },
      event: { name: 'push', ref: 'refs/heads/main' },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': readFileSync('sample/amplify-auth.yml', 'utf8') },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      environment: 'production',
      changed: 'true',
      'job-status': 'SUCCEED',
    });
    expect(aws.state.branch(APP, 'main')?.jobs.at(-1)?.variablesSeen?.USER_POOL_ID).toBe(
      'us-east-1_PrOd12345',
    );
    expect(aws.state.branchVariables(APP, 'main')).toMatchObject({ USER_POOL_ID: 'us-east-1_PrOd12345' });
    expect(summaryText(result.summary)).toContain('Verified: read back after one write');
  });

  it('finds the IDs of an environment the file gives by tag, and writes them', async () => {
    const result = await runActionForTest({
      entry: 'dist',
      inputs: { 'app-id': APP },
      event: { name: 'push', ref: 'refs/heads/staging' },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': readFileSync('sample/amplify-auth.yml', 'utf8') },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      'userPoolId: found by tags amplify-auth:environment=staging → us-east-1_StAg12345',
    );
    expect(aws.state.branchVariables(APP, 'staging')).toMatchObject({
      USER_POOL_ID: 'us-east-1_StAg12345',
      IDENTITY_POOL_ID: 'us-east-1:22222222-2222-4222-8222-222222222222',
    });
  });
});
