import { describe, expect, it } from 'vitest';
import { matchBranch, parseBranchPattern } from '../src/core/branch-pattern.ts';

const matches = (pattern: string, branch: string) => parseBranchPattern(pattern).regex.test(branch);

describe('GitHub branch filter patterns', () => {
  it.each([
    ['main', 'main', true],
    ['main', 'main2', false],
    ['main', 'xmain', false],
    ['feature/*', 'feature/login', true],
    ['feature/*', 'feature/login/form', false],
    ['feature/**', 'feature/login/form', true],
    ['feature/**', 'feature/', true],
    ['*', 'main', true],
    ['*', 'feature/x', false],
    ['**', 'feature/x', true],
    ['**-hotfix', 'a/b-hotfix', true],
    ['*-hotfix', 'a/b-hotfix', false],
    ['releases/v1.?', 'releases/v1.', true],
    ['releases/v1.?', 'releases/v1', true],
    ['releases/v10?', 'releases/v1', true],
    ['releases/v10?', 'releases/v10', true],
    ['releases/v10?', 'releases/v100', false],
    ['ab+c', 'abbbc', true],
    ['ab+c', 'ac', false],
    ['[CB]at', 'Cat', true],
    ['[CB]at', 'Rat', false],
    ['v[0-9]+', 'v2024', true],
    ['v[0-9]+', 'v', false],
    ['v[0-9]+', 'vx', false],
    ['release\\+1', 'release+1', true],
    ['release\\+1', 'releasee1', false],
    ['a.b', 'axb', false],
    ['(x)|y', '(x)|y', true],
  ])('%s matches %s: %s', (pattern, branch, expected) => {
    expect(matches(pattern, branch)).toBe(expected);
  });

  it('knows which patterns name one branch exactly', () => {
    expect(parseBranchPattern('main').literal).toBe('main');
    expect(parseBranchPattern('release\\+1').literal).toBe('release+1');
    expect(parseBranchPattern('feature/*').literal).toBeUndefined();
    expect(parseBranchPattern('v1?').literal).toBeUndefined();
  });

  it.each([
    ['?abc', /`\?` at position 1 must follow a character/],
    ['feature/*+', /`\+` at position 10 must follow a character/],
    ['a??', /`\?` at position 3/],
    ['v[0-9', /never closed/],
    ['v[]', /empty/],
    ['v[a_]', /`_` in the set/],
    ['v[z-a]', /not a range/],
    ['v[a-9]', /not a range/],
    ['oops\\', /trailing/],
    ['!', /something after/],
  ])('rejects %s', (pattern, message) => {
    expect(() => parseBranchPattern(pattern)).toThrow(message);
  });

  it('applies negations in order, as GitHub does', () => {
    const list = ['feature/**', '!feature/**-wip', 'feature/keep-wip'].map(parseBranchPattern);
    expect(matchBranch(list, 'feature/login')?.source).toBe('feature/**');
    expect(matchBranch(list, 'feature/login-wip')).toBeUndefined();
    expect(matchBranch(list, 'feature/keep-wip')?.source).toBe('feature/keep-wip');
    expect(matchBranch(list, 'main')).toBeUndefined();
  });

  it('treats ! as special only at the start', () => {
    expect(matches('a!b', 'a!b')).toBe(true);
    expect(parseBranchPattern('!main').negated).toBe(true);
  });
});
