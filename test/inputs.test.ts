import { describe, expect, it } from 'vitest';
import { branchFromRunner, parseBoolean, parseInputs } from '../src/action/inputs.ts';

const runner = { GITHUB_WORKSPACE: '/work/repo', AWS_REGION: 'us-east-1' };
const push = {
  ...runner,
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/feature/a',
  GITHUB_REF_NAME: 'feature/a',
  GITHUB_REF_TYPE: 'branch',
};

const parse = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = push) =>
  parseInputs((name) => inputs[name] ?? '', env);

describe('inputs', () => {
  it('fills in the defaults', () => {
    expect(parse({ 'app-id': 'd1exampleapp01' })).toEqual({
      appId: 'd1exampleapp01',
      configPath: '/work/repo/.github/amplify-auth.yml',
      configDisplayPath: '.github/amplify-auth.yml',
      branch: 'feature/a',
      branchSource: 'the push ref feature/a',
      environment: undefined,
      amplifyBranch: 'feature/a',
      region: 'us-east-1',
      dryRun: false,
      onUnmatched: 'fail',
      mode: 'apply',
      checkRoles: true,
    });
  });

  it('takes every input', () => {
    expect(
      parse({
        'app-id': 'd2',
        config: 'deploy/envs.yml',
        branch: 'main',
        environment: 'staging',
        'amplify-branch': 'prod',
        region: 'eu-west-1',
        'dry-run': 'TRUE',
        'on-unmatched': 'skip',
        mode: 'check',
        'check-roles': 'false',
      }),
    ).toMatchObject({
      appId: 'd2',
      configPath: '/work/repo/deploy/envs.yml',
      configDisplayPath: 'deploy/envs.yml',
      branch: 'main',
      branchSource: 'the `branch` input',
      environment: 'staging',
      amplifyBranch: 'prod',
      region: 'eu-west-1',
      dryRun: true,
      onUnmatched: 'skip',
      mode: 'check',
      checkRoles: false,
    });
  });

  it('falls back to AWS_DEFAULT_REGION', () => {
    expect(
      parse({ 'app-id': 'd2' }, { ...push, AWS_REGION: '', AWS_DEFAULT_REGION: 'ap-southeast-2' }).region,
    ).toBe('ap-southeast-2');
  });

  it('reports every bad input at once', () => {
    expect(() =>
      parse({
        'app-id': 'App-1',
        'dry-run': 'yes',
        'on-unmatched': 'ignore',
        region: 'Virginia',
        mode: 'fix',
      }),
    ).toThrow(
      [
        'Input `app-id` is "App-1", which is not an Amplify app ID (a "d" followed by up to 19 lowercase letters and digits, as in the app\'s ARN or console URL).',
        'Region "Virginia" is not an AWS region name such as us-east-1.',
        'Input `dry-run` is "yes"; it takes true or false.',
        'Input `on-unmatched` is "ignore"; it takes one of: fail, skip.',
        'Input `mode` is "fix"; it takes one of: apply, check.',
      ].join('\n'),
    );
  });

  it('requires the app ID and a region', () => {
    expect(() => parse({}, { ...push, AWS_REGION: '' })).toThrow(
      /Input `app-id` is required.*\nNo region: set the `region` input, or AWS_REGION/,
    );
  });

  it('accepts booleans in any case and nothing else', () => {
    expect(parseBoolean('dry-run', 'False', true)).toBe(false);
    expect(parseBoolean('dry-run', '', true)).toBe(true);
    expect(() => parseBoolean('dry-run', '1', false)).toThrow(
      'Input `dry-run` is "1"; it takes true or false.',
    );
  });
});

describe('the git branch of a run', () => {
  it('is the pushed branch', () => {
    expect(branchFromRunner('', push)).toEqual({ branch: 'feature/a', source: 'the push ref feature/a' });
  });

  it('is the head branch of a pull request', () => {
    const pr = {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_REF_NAME: '7/merge',
      GITHUB_REF_TYPE: 'branch',
      GITHUB_HEAD_REF: 'fix/x',
    };
    expect(branchFromRunner('', pr)).toEqual({ branch: 'fix/x', source: 'the pull_request head branch' });
    expect(branchFromRunner('', { ...pr, GITHUB_EVENT_NAME: 'pull_request_target' }).branch).toBe('fix/x');
  });

  it('is the dispatched branch, from GITHUB_REF when the short forms are missing', () => {
    expect(
      branchFromRunner('', { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/release/1.2' }),
    ).toEqual({
      branch: 'release/1.2',
      source: 'the workflow_dispatch ref release/1.2',
    });
  });

  it('is the input when given, even for a tag', () => {
    expect(branchFromRunner('main', { GITHUB_REF: 'refs/tags/v1', GITHUB_REF_TYPE: 'tag' }).branch).toBe(
      'main',
    );
  });

  it('is an error for a tag without the input', () => {
    expect(() =>
      branchFromRunner('', {
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/tags/v1.0.0',
        GITHUB_REF_NAME: 'v1.0.0',
        GITHUB_REF_TYPE: 'tag',
      }),
    ).toThrow('This run is for tag v1.0.0, not a branch: set the `branch` input');
    expect(() => branchFromRunner('', { GITHUB_REF: 'refs/tags/v2' })).toThrow('This run is for tag v2');
  });

  it('is an error when the runner gives no branch', () => {
    expect(() => branchFromRunner('', {})).toThrow(
      'Cannot tell the git branch of this run (GITHUB_REF is ""): set the `branch` input.',
    );
  });
});
