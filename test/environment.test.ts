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
});
