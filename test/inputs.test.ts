import { describe, expect, it } from 'vitest';
import type { RunnerEvent } from '../src/action/event.ts';
import { appFor, branchFromEvent, parseBoolean, parseInputs } from '../src/action/inputs.ts';
import { parseEnvironmentsFile } from '../src/core/config/file.ts';
import type { Environment } from '../src/core/config/types.ts';
import type { ActionError } from '../src/core/errors.ts';

const push = { GITHUB_WORKSPACE: '/work/repo', AWS_REGION: 'us-east-1' };
const event = (name: string, ref: string, extra: Partial<RunnerEvent> = {}): RunnerEvent => ({
  name,
  ref,
  sha: 'abc123',
  pullRequestHead: undefined,
  commitMessage: undefined,
  ...extra,
});
const pushed = event('push', 'refs/heads/feature/a');

const parse = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = push) =>
  parseInputs((name) => inputs[name] ?? '', pushed, env);

describe('inputs', () => {
  it.each([
    ['wait-minutes', '2.5', { waitMs: 150_000 }],
    ['wait-minutes', '360', { waitMs: 360 * 60_000 }],
    ['poll-seconds', '5', { pollMs: 5_000 }],
    ['poll-seconds', '7.5', { pollMs: 7_500 }],
    ['poll-seconds', '3600', { pollMs: 3_600_000 }],
  ])('takes %s %s (fractions, and the ends of the range)', (name, value, expected) => {
    expect(parse({ 'app-id': 'd1exampleapp01', [name]: value })).toMatchObject(expected);
  });

  it.each([
    ['wait-minutes', '360.5', 'above 0 and at most 360'],
    ['wait-minutes', '0', 'above 0 and at most 360'],
    ['poll-seconds', '4.9', 'from 5 to 3600'],
    ['poll-seconds', '3601', 'from 5 to 3600'],
  ])('refuses %s %s, saying the range', (name, value, range) => {
    expect(() => parse({ 'app-id': 'd1exampleapp01', [name]: value })).toThrow(
      `Input \`${name}\` is "${value}"; it takes a number ${range}`,
    );
  });

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
      deploy: 'none',
      waitMs: 30 * 60_000,
      pollMs: 10_000,
      createBranch: false,
      stage: undefined,
      autoBuild: 'keep',
      commitId: 'abc123',
      commitMessage: undefined,
      branchDeleted: false,
      fork: undefined,
      exportEnv: false,
      writeBranch: true,
      repository: '',
      workspace: '/work/repo',
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
        'Input `mode` is "fix"; it takes one of: apply, check, delete.',
      ].join('\n'),
    );
  });

  describe("the app: the `app-id` input, or the environment's `app`", () => {
    const file = parseEnvironmentsFile(
      [
        'environments:',
        '  shared: { branches: [main], userPoolId: us-east-1_AbC }',
        '  own:',
        '    app: { id: d2ownapp, region: eu-west-1 }',
        '    branches: [own]',
        '    userPoolId: eu-west-1_AbC',
      ].join('\n'),
      'envs.yml',
    );
    const [shared, own] = file.environments as [Environment, Environment];

    it('takes the input and the region of the run when the environment names no app', () => {
      expect(appFor(parse({ 'app-id': 'd1exampleapp01' }), shared)).toEqual({
        id: 'd1exampleapp01',
        region: 'us-east-1',
        cognitoRegion: 'us-east-1',
      });
    });

    it("takes the environment's app and region; Cognito stays in the run's region when one is set", () => {
      expect(appFor(parse({}), own)).toEqual({
        id: 'd2ownapp',
        region: 'eu-west-1',
        cognitoRegion: 'us-east-1',
      });
      expect(appFor(parse({}, { GITHUB_WORKSPACE: '/w' }), own)).toEqual({
        id: 'd2ownapp',
        region: 'eu-west-1',
        cognitoRegion: 'eu-west-1',
      });
      expect(appFor(parse({ 'app-id': 'd2ownapp' }), own).id).toBe('d2ownapp');
    });

    it("refuses an app-id input that names another app than the environment's, at the environment's app", () => {
      expect(() => appFor(parse({ 'app-id': 'd1exampleapp01' }), own)).toThrow(
        'Input `app-id` is d1exampleapp01, but environment "own" belongs to app d2ownapp (eu-west-1); remove the input, or fix the environment\'s `app`. Nothing was read or written.',
      );
      try {
        appFor(parse({ 'app-id': 'd1exampleapp01' }), own);
      } catch (error) {
        expect((error as ActionError).problems[0]?.location).toMatchObject({ file: 'envs.yml', line: 4 });
      }
    });

    it('requires the app ID and a region when the environment gives neither', () => {
      expect(() => appFor(parse({}), shared)).toThrow(
        /^Input `app-id` is required, or an `app: \{ id, region \}` for environment "shared"/,
      );
      expect(() => appFor(parse({ 'app-id': 'd1exampleapp01' }, { GITHUB_WORKSPACE: '/w' }), shared)).toThrow(
        /^No region: set the `region` input, or AWS_REGION/,
      );
    });
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
    expect(branchFromEvent('', pushed)).toEqual({ branch: 'feature/a', source: 'the push ref feature/a' });
  });

  it('is the head branch of a pull request', () => {
    const pr = event('pull_request', 'refs/pull/7/merge', { pullRequestHead: 'fix/x' });
    expect(branchFromEvent('', pr)).toEqual({ branch: 'fix/x', source: 'the pull_request head branch' });
    expect(branchFromEvent('', { ...pr, name: 'pull_request_target' }).branch).toBe('fix/x');
  });

  it('is the dispatched branch', () => {
    expect(branchFromEvent('', event('workflow_dispatch', 'refs/heads/release/1.2'))).toEqual({
      branch: 'release/1.2',
      source: 'the workflow_dispatch ref release/1.2',
    });
  });

  it('is the input when given, even for a tag', () => {
    expect(branchFromEvent('main', event('push', 'refs/tags/v1')).branch).toBe('main');
  });

  it('is an error for a tag without the input', () => {
    expect(() => branchFromEvent('', event('push', 'refs/tags/v1.0.0'))).toThrow(
      'This run is for tag v1.0.0, not a branch: set the `branch` input',
    );
  });

  it('is an error for a full ref given as the input, naming the branch to give', () => {
    expect(() => branchFromEvent('refs/heads/release/1', pushed)).toThrow(
      'Input `branch` is "refs/heads/release/1", a full git ref: give the branch\'s name alone (release/1), as github.ref_name or github.head_ref holds it.',
    );
    expect(() => branchFromEvent('refs/pull/7/merge', pushed)).toThrow(
      'Input `branch` is "refs/pull/7/merge", a full git ref: give the branch\'s name alone, as',
    );
  });

  it('is an error when the runner gives no branch', () => {
    expect(() => branchFromEvent('', event('', ''))).toThrow(
      'Cannot tell the git branch of this run (GITHUB_REF is ""): set the `branch` input.',
    );
    expect(() => branchFromEvent('', event('pull_request', 'refs/pull/7/merge'))).toThrow(
      'Cannot tell the git branch of this pull_request (GITHUB_REF is "refs/pull/7/merge")',
    );
  });
});

describe('a push that deleted its branch', () => {
  const deleted = event('push', 'refs/heads/feature/gone', { deleted: true });
  const parseDeleted = (inputs: Record<string, string> = {}) =>
    parseInputs((name) => ({ 'app-id': 'd2', ...inputs })[name] ?? '', deleted, push);

  it('is marked, for its own branch only', () => {
    expect(parseDeleted().branchDeleted).toBe(true);
    expect(parseDeleted({ branch: 'main' }).branchDeleted).toBe(false);
    expect(parse({ 'app-id': 'd2' }).branchDeleted).toBe(false);
  });
});

describe('hostile inputs', () => {
  it('refuses text longer than any name, without repeating it', () => {
    const long = 'x'.repeat(5000);
    expect(() => parse({ 'app-id': 'd2', branch: long })).toThrow(
      'Input `branch` is 5000 characters long; at most 1024 are accepted.',
    );
  });
});

describe('pull requests', () => {
  const HEAD_SHA = 'feedface00feedface00feedface00feedface00';
  const MERGE_SHA = '0123456789abcdef0123456789abcdef01234567';
  const pr = (name: string, extra: Partial<RunnerEvent> = {}) =>
    event(name, 'refs/pull/7/merge', {
      sha: MERGE_SHA,
      pullRequestHead: 'feature/a',
      pullRequestHeadSha: HEAD_SHA,
      ...extra,
    });
  const parsePr = (runnerEvent: RunnerEvent, inputs: Record<string, string> = {}) =>
    parseInputs((name) => ({ 'app-id': 'd2', ...inputs })[name] ?? '', runnerEvent, push);

  it.each(['pull_request', 'pull_request_target'])(
    '%s: the commit is the head of the branch, not the merge commit in GITHUB_SHA',
    (name) => {
      expect(parsePr(pr(name), { deploy: 'start' }).commitId).toBe(HEAD_SHA);
    },
  );

  it('other events: the commit is GITHUB_SHA', () => {
    expect(
      parsePr(event('push', 'refs/heads/a', { sha: MERGE_SHA, pullRequestHeadSha: HEAD_SHA })).commitId,
    ).toBe(MERGE_SHA);
  });

  it.each(['pull_request_review', 'pull_request_review_comment'])(
    '%s with the head branch as `branch`: the head commit, not the merge commit in GITHUB_SHA',
    (name) => {
      expect(parsePr(pr(name), { branch: 'feature/a', deploy: 'start' }).commitId).toBe(HEAD_SHA);
    },
  );

  it('a `branch` input naming another branch than the head (the base, once merged): GITHUB_SHA', () => {
    const merged = event('pull_request_target', 'refs/heads/main', {
      sha: MERGE_SHA,
      pullRequestHead: 'feature/a',
      pullRequestHeadSha: HEAD_SHA,
    });
    expect(parsePr(merged, { branch: 'main', deploy: 'start' }).commitId).toBe(MERGE_SHA);
    expect(parsePr(pr('pull_request'), { branch: 'main', deploy: 'start' }).commitId).toBe(MERGE_SHA);
  });

  it('names where the commit came from when it is not a commit ID', () => {
    const notCommit = (runnerEvent: RunnerEvent, inputs: Record<string, string>, source: string) =>
      expect(() => parsePr(runnerEvent, { deploy: 'start', ...inputs })).toThrow(
        `\`deploy: start\` starts a build of the workflow's commit, but ${source} is "nope", not a commit ID.`,
      );
    notCommit(pr('pull_request', { pullRequestHeadSha: 'nope' }), {}, "the pull request's head commit");
    notCommit(
      event('workflow_run', 'refs/heads/main', {
        sha: MERGE_SHA,
        workflowRunHead: 'feature/a',
        workflowRunHeadSha: 'nope',
        workflowRunEvent: 'push',
      }),
      { branch: 'feature/a' },
      'the head commit of the run this workflow_run follows',
    );
    notCommit(event('push', 'refs/heads/a', { sha: 'nope' }), {}, 'GITHUB_SHA');
  });

  describe('workflow_run', () => {
    const MAIN_SHA = '9999999999999999999999999999999999999999';
    const followed = (extra: Partial<RunnerEvent> = {}) =>
      event('workflow_run', 'refs/heads/main', {
        sha: MAIN_SHA,
        workflowRunHead: 'feature/a',
        workflowRunHeadSha: HEAD_SHA,
        workflowRunEvent: 'push',
        ...extra,
      });

    it("with the followed run's branch as `branch`: that run's commit, not the default branch's", () => {
      expect(parsePr(followed(), { branch: 'feature/a', deploy: 'start' }).commitId).toBe(HEAD_SHA);
      expect(parsePr(followed({ workflowRunEvent: 'pull_request' }), { branch: 'feature/a' }).commitId).toBe(
        HEAD_SHA,
      );
    });

    it("after a pull_request_target run, whose head_sha is the base branch's, or for another branch: GITHUB_SHA", () => {
      expect(
        parsePr(followed({ workflowRunEvent: 'pull_request_target' }), { branch: 'feature/a' }).commitId,
      ).toBe(MAIN_SHA);
      expect(parsePr(followed()).commitId).toBe(MAIN_SHA); // no input: the run is for main
      expect(parsePr(followed(), { branch: 'other' }).commitId).toBe(MAIN_SHA);
    });
  });

  it('a pull request from a fork: refused in apply mode, naming the fork, before anything else', () => {
    const fromFork = pr('pull_request_target', { fork: 'mallory/app' });
    expect(() => parsePr(fromFork)).toThrow(
      'This pull request comes from the fork mallory/app, and its branch name ("feature/a") is chosen by the fork, not by this repository: a run for it may not write, create, start or delete anything, so `mode: apply` is refused; nothing was read or written. Run this step with `mode: check` or `dry-run: true` (they validate and write nothing; a fork\'s branch never gets a protected environment), or in a workflow that does not run for pull requests from forks',
    );
    // The `branch` and `amplify-branch` inputs change nothing about it.
    expect(() => parsePr(fromFork, { branch: 'x', 'amplify-branch': 'pr-7' })).toThrow('comes from the fork');
  });

  it('a pull request from a fork: validated in check mode or a dry run, with the fork recorded', () => {
    const fromFork = pr('pull_request', { fork: 'mallory/app' });
    expect(parsePr(fromFork, { mode: 'check' })).toMatchObject({
      fork: 'mallory/app',
      branch: 'feature/a',
      branchSource: 'the pull_request head branch of the fork mallory/app',
    });
    expect(parsePr(fromFork, { 'dry-run': 'true' }).fork).toBe('mallory/app');
    expect(parsePr(pr('pull_request')).fork).toBeUndefined();
  });
});
