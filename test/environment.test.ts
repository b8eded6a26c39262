import { describe, expect, it } from 'vitest';
import { parseEnvironmentsFile } from '../src/core/config/file.ts';
import { selectEnvironment } from '../src/core/environment.ts';

const ids = `
    userPoolId: us-east-1_AbC123xyz
    userPoolClientId: 4example5client6id7abcdefg
    identityPoolId: us-east-1:11111111-2222-3333-4444-555555555555
    authRoleArn: arn:aws:iam::111122223333:role/auth
    unauthRoleArn: arn:aws:iam::111122223333:role/unauth`;

const file = parseEnvironmentsFile(
  `environments:
  preview:
    branches: ['**']${ids}
  production:
    protected: true
    branches: [main, 'hotfix/*']${ids}
  development:
    branches: ['feature/**', '!feature/**-wip', main-dev]${ids}
  adhoc:${ids}
`,
  'envs.yml',
);

const chosen = (branch: string, requested?: string, amplifyBranch?: string) =>
  selectEnvironment(file, { branch, requested, amplifyBranch }).environment?.name;

describe('choosing the environment for a branch', () => {
  it('prefers an environment that lists the branch by name over an earlier pattern', () => {
    expect(chosen('main')).toBe('production');
    expect(selectEnvironment(file, { branch: 'main' }).reason).toBe(
      'branch "main" is listed by name in environment "production"',
    );
    expect(chosen('main-dev')).toBe('development');
  });

  it('otherwise takes the first environment in file order whose pattern matches', () => {
    expect(chosen('hotfix/login')).toBe('preview');
    expect(selectEnvironment(file, { branch: 'hotfix/login' }).reason).toBe(
      'branch "hotfix/login" matches pattern `**` of environment "preview", the first in envs.yml to match',
    );
  });

  it('returns no environment, with the reason, when nothing matches', () => {
    const noCatchAll = parseEnvironmentsFile(
      `environments:\n  development:\n    branches: ['feature/*', '!feature/*-wip']${ids}\n`,
      'envs.yml',
    );
    expect(selectEnvironment(noCatchAll, { branch: 'feature/a/b' })).toEqual({
      environment: undefined,
      reason: 'no environment in envs.yml lists or matches branch "feature/a/b"',
    });
    expect(selectEnvironment(noCatchAll, { branch: 'feature/x-wip' }).environment).toBeUndefined();
    expect(selectEnvironment(noCatchAll, { branch: 'feature/x' }).environment?.name).toBe('development');
  });

  it('uses the requested environment for any branch when it is not protected', () => {
    expect(chosen('whatever', 'adhoc')).toBe('adhoc');
    expect(chosen('main-dev', 'adhoc')).toBe('adhoc');
    expect(selectEnvironment(file, { branch: 'x', requested: 'adhoc' }).reason).toBe(
      'the `environment` input asks for "adhoc"',
    );
  });

  it('refuses a protected environment for a branch outside its patterns', () => {
    expect(() => selectEnvironment(file, { branch: 'feature/x', requested: 'production' })).toThrow(
      'Environment "production" is protected and branch "feature/x" matches none of its branches (main, hotfix/*); nothing was written.',
    );
    expect(chosen('hotfix/2', 'production')).toBe('production');
  });

  it('names the defined environments when the requested one does not exist', () => {
    expect(() => selectEnvironment(file, { branch: 'main', requested: 'prod' })).toThrow(
      'Environment "prod" is asked for, but envs.yml does not define it. Defined: preview, production, development, adhoc.',
    );
  });

  it('never points a branch a protected environment lists by name at another environment', () => {
    expect(() => chosen('main', 'development')).toThrow(
      'Branch "main" belongs to protected environment "production", which lists it by name, so it cannot get the IDs of environment "development" through the `environment` input; nothing was written.',
    );
    // Not through the Amplify branch either, however the git branch maps.
    expect(() => chosen('feature/x', undefined, 'main')).toThrow(
      'Branch "main" belongs to protected environment "production", which lists it by name, so it cannot get the IDs of environment "preview" through the `amplify-branch` input',
    );
    expect(chosen('main', 'production')).toBe('production');
    expect(chosen('main', undefined, 'main')).toBe('production');
    // A pattern is not a claim by name: hotfix/* branches may still be written from elsewhere.
    expect(chosen('feature/x', undefined, 'hotfix/2')).toBe('preview');
  });

  it('points the refusal at the protected environment in the file', () => {
    expect(() => chosen('main', 'development')).toThrow(
      expect.objectContaining({
        name: 'ActionError',
        message: expect.stringMatching(
          /^envs\.yml:9:3: Branch "main" belongs to protected environment "production"/,
        ),
      }),
    );
  });
});

describe('negated patterns', () => {
  // GitHub reads a branch filter in order; a later `!main` excludes what `main` included.
  const excluding = parseEnvironmentsFile(
    `environments:
  production:
    protected: true
    branches: [main, '!main', 'release/**', '!release/**-beta']${ids}
  preview:
    branches: ['**']${ids}
`,
    'envs.yml',
  );
  const select = (branch: string, requested?: string, amplifyBranch?: string) =>
    selectEnvironment(excluding, { branch, requested, amplifyBranch });

  it('a name listed and then excluded by a later `!` pattern is not claimed by that environment', () => {
    expect(select('main')).toEqual({
      environment: excluding.environments[1],
      reason: 'branch "main" matches pattern `**` of environment "preview", the first in envs.yml to match',
    });
    // Nor guarded as its branch: writing the Amplify branch main with preview's IDs is allowed.
    expect(select('feature/x', undefined, 'main').environment?.name).toBe('preview');
    expect(select('release/2').environment?.name).toBe('production');
  });

  it('a protected environment is refused when asked for from a branch its `!` pattern excludes', () => {
    expect(() => select('release/2-beta', 'production')).toThrow(
      'Environment "production" is protected and branch "release/2-beta" matches none of its branches (main, !main, release/**, !release/**-beta); nothing was written.',
    );
    expect(() => select('main', 'production')).toThrow(
      'Environment "production" is protected and branch "main" matches none of its branches',
    );
    expect(select('release/2', 'production').environment?.name).toBe('production');
  });
});

describe('a branch from a fork', () => {
  const fork = 'mallory/app';
  const select = (branch: string, options: { requested?: string; amplifyBranch?: string } = {}) =>
    selectEnvironment(file, { branch, fork, ...options });

  it('never gets a protected environment by a name that environment lists, and the reason says why', () => {
    expect(select('hotfix/x', { amplifyBranch: 'pr-7' })).toEqual({
      environment: file.environments[0],
      reason:
        'branch "hotfix/x" matches pattern `**` of environment "preview", the first in envs.yml to match (protected environments are not considered: the branch comes from the fork mallory/app, which chooses its branch names)',
    });
    expect(select('main', { amplifyBranch: 'pr-7' })).toEqual({
      environment: file.environments[0],
      reason:
        'branch "main" matches pattern `**` of environment "preview", the first in envs.yml to match (protected environment "production" is not considered: the branch comes from the fork mallory/app, which chooses its branch names)',
    });
    // The same name from this repository is production's.
    expect(chosen('main')).toBe('production');
  });

  it('says so when nothing else matches', () => {
    const onlyProtected = parseEnvironmentsFile(
      `environments:\n  production:\n    protected: true\n    branches: [main]${ids}\n`,
      'envs.yml',
    );
    expect(selectEnvironment(onlyProtected, { branch: 'main', fork, amplifyBranch: 'pr-7' })).toEqual({
      environment: undefined,
      reason:
        'no environment in envs.yml lists or matches branch "main" (protected environment "production" is not considered: the branch comes from the fork mallory/app, which chooses its branch names)',
    });
    expect(selectEnvironment(onlyProtected, { branch: 'feature/x', fork, amplifyBranch: 'pr-7' })).toEqual({
      environment: undefined,
      reason:
        'no environment in envs.yml lists or matches branch "feature/x" (protected environments are not considered: the branch comes from the fork mallory/app, which chooses its branch names)',
    });
    // With no environment nothing is written, so an Amplify branch a protected environment lists is no concern yet.
    expect(selectEnvironment(onlyProtected, { branch: 'main', fork }).environment).toBeUndefined();
  });

  it('may not ask for a protected environment, even from a branch it lists', () => {
    expect(() => select('main', { requested: 'production', amplifyBranch: 'pr-7' })).toThrow(
      'Environment "production" is protected, and branch "main" comes from the fork mallory/app, which chooses its branch names: a fork\'s branch never gets a protected environment; nothing was written.',
    );
    expect(select('main', { requested: 'adhoc', amplifyBranch: 'pr-7' }).environment?.name).toBe('adhoc');
  });

  it('cannot reach the Amplify branch of a protected environment under its own name', () => {
    expect(() => select('main')).toThrow(
      'Amplify branch "main" belongs to protected environment "production", which lists it by name, and this pull request\'s branch of that name comes from the fork mallory/app, whose branches never get a protected environment; so it cannot get the IDs of environment "preview" either, and nothing was written. Set the `amplify-branch` input to another Amplify branch for pull requests from forks.',
    );
    expect(() => select('feature/x', { amplifyBranch: 'main' })).toThrow(
      'Branch "main" belongs to protected environment "production", which lists it by name, so it cannot get the IDs of environment "preview" through the `amplify-branch` input',
    );
  });
});
