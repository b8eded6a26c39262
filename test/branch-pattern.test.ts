import { describe, expect, it } from 'vitest';
import { matchBranch, PatternSyntaxError, parseBranchPattern } from '../src/core/branch-pattern.ts';

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
    ['v[0-9][a-z]', 'v1a', true],
    ['v[0-9][a-z]', 'v1A', false],
    ['[A-Z]-fix', 'Q-fix', true],
    ['[A-Z]-fix', 'q-fix', false],
    ['x[a-a]', 'xa', true],
    ['c\\+?', 'c', true],
    ['c\\+?', 'c+', true],
    ['c\\+?', 'c++', false],
  ])('%s matches %s: %s', (pattern, branch, expected) => {
    expect(matches(pattern, branch)).toBe(expected);
  });

  it('knows which patterns name one branch exactly', () => {
    expect(parseBranchPattern('main').literal).toBe('main');
    expect(parseBranchPattern('release\\+1').literal).toBe('release+1');
    expect(parseBranchPattern('feature/*').literal).toBeUndefined();
    expect(parseBranchPattern('v1?').literal).toBeUndefined();
    expect(parseBranchPattern('*-hotfix').literal).toBeUndefined();
    expect(parseBranchPattern('*\\+1').literal).toBeUndefined();
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
    ['v[a_b]', /`_` in the set/],
    ['v[-a]', /`-` in the set/],
    ['v[a-]', /`-` in the set/],
    ['v[A-z]', /the range A-z at position 2 is not a range of letters or digits/],
    ['v[9-a]', /the range 9-a/],
    // Whether the quantifier takes the whole emoji or its second UTF-16 half is not documented.
    [
      'x\u{1F600}?',
      /`\?` at position 4 follows \u{1F600}, a character outside the Basic Multilingual Plane/u,
    ],
    ['x\\\u{1F600}+', /`\+` at position 5 follows \u{1F600}/u],
  ])('rejects %s', (pattern, message) => {
    expect(() => parseBranchPattern(pattern)).toThrow(message);
  });

  it('says where in the pattern an unclosed or empty set starts', () => {
    expect(() => parseBranchPattern('release/v[0-9')).toThrow('`[` at position 10 is never closed with `]`');
    expect(() => parseBranchPattern('release/v[]')).toThrow('the set at position 10 is empty');
    expect(() => parseBranchPattern('release/v[a_]')).toThrow(
      '`_` in the set at position 10: a set holds only letters, digits and ranges',
    );
  });

  it.each([
    ['!release/v[0-9', '`[` at position 11 is never closed with `]`'],
    ['!release/v[]', 'the set at position 11 is empty'],
    ['!v[a_]', '`_` in the set at position 3: a set holds only letters, digits and ranges'],
    ['!v[A-z]', 'the range A-z at position 3 is not a range of letters or digits'],
    [
      '!?x',
      '`?` at position 2 must follow a character or a [...] set (escape it as `\\?` to match it literally)',
    ],
    [
      '!feature/*+',
      '`+` at position 11 must follow a character or a [...] set (escape it as `\\+` to match it literally)',
    ],
  ])('counts the leading `!` in the position it gives for %s', (pattern, message) => {
    expect(() => parseBranchPattern(pattern)).toThrow(new PatternSyntaxError(message));
  });

  it('applies negations in order, as GitHub does', () => {
    const list = ['feature/**', '!feature/**-wip', 'feature/keep-wip'].map(parseBranchPattern);
    expect(matchBranch(list, 'feature/login')?.source).toBe('feature/**');
    expect(matchBranch(list, 'feature/login-wip')).toBeUndefined();
    expect(matchBranch(list, 'feature/keep-wip')?.source).toBe('feature/keep-wip');
    expect(matchBranch(list, 'main')).toBeUndefined();
  });

  it('lets ** match any character, the line and paragraph separators a branch name may hold too', () => {
    // Git takes U+2028 and U+2029 in a branch name; GitHub's `**` is "zero or more of any character".
    for (const separator of ['\u2028', '\u2029']) {
      expect(matches('**', `feature/a${separator}b`)).toBe(true);
      expect(matches('**/b', `a${separator}/b`)).toBe(true);
      // An exclusion holds for them too: the protected environment's `!release/**-rc` keeps this name out.
      const list = ['release/*', '!release/**-rc'].map(parseBranchPattern);
      expect(matchBranch(list, `release/1.0${separator}-rc`)).toBeUndefined();
    }
  });

  it.each([
    ['**/README.md', 'README.md', true],
    ['**/README.md', 'a/b/README.md', true],
    ['**/README.md', 'xREADME.md', false],
    ['docs/**/*.md', 'docs/README.md', true],
    ['docs/**/*.md', 'docsREADME.md', false],
    ['a/**/**/b', 'a/b', true],
    ['a/**/**/b', 'a/x/y/b', true],
    ['a\\/**/b', 'a/b', true],
    // Only a whole `**/` segment may vanish; glued to other characters `**` stays "any characters".
    ['foo**/bar', 'foobar', false],
    ['foo**/bar', 'foo/bar', true],
    ['foo**/bar', 'foox/y/bar', true],
    ['v[0-9]**/docs', 'v1docs', false],
    ['v[0-9]**/docs', 'v1/docs', true],
    ['a\\-**/b', 'a-b', false],
    // A trailing `/**` keeps its slash: it matches what is below the directory, not the bare name.
    ['feature/**', 'feature', false],
    ['**/docs/**', 'docs', false],
  ])('lets a whole **/ segment match zero directories: %s matches %s: %s', (pattern, name, expected) => {
    expect(matches(pattern, name)).toBe(expected);
  });

  it('treats ! as special only at the start', () => {
    expect(matches('a!b', 'a!b')).toBe(true);
    expect(parseBranchPattern('!main').negated).toBe(true);
  });
});

// Every example from the "Filter pattern cheat sheet" section of GitHub's "Workflow syntax for GitHub Actions" page
// (tables "Patterns to match branches and tags" and "Patterns to match file paths"):
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#filter-pattern-cheat-sheet
// (source: github/docs, content/actions/reference/workflows-and-actions/workflow-syntax.md). A row with several
// patterns is a pattern list applied in order. The quotes around some patterns in the docs are YAML syntax only.
interface CheatSheetRow {
  patterns: string[];
  matches: string[];
  nonMatches?: string[];
}

const branchAndTagRows: CheatSheetRow[] = [
  { patterns: ['feature/*'], matches: ['feature/my-branch', 'feature/your-branch'] },
  {
    patterns: ['feature/**'],
    matches: ['feature/beta-a/my-branch', 'feature/your-branch', 'feature/mona/the/octocat'],
  },
  { patterns: ['main', 'releases/mona-the-octocat'], matches: ['main', 'releases/mona-the-octocat'] },
  { patterns: ['*'], matches: ['main', 'releases'] },
  { patterns: ['**'], matches: ['all/the/branches', 'every/tag'] },
  { patterns: ['*feature'], matches: ['mona-feature', 'feature', 'ver-10-feature'] },
  { patterns: ['v2*'], matches: ['v2', 'v2.0', 'v2.9'] },
  { patterns: ['v[12].[0-9]+.[0-9]+'], matches: ['v1.10.1', 'v2.0.0'] },
];

const filePathRows: CheatSheetRow[] = [
  { patterns: ['*'], matches: ['README.md', 'server.rb'] },
  { patterns: ['*.jsx?'], matches: ['page.js', 'page.jsx'] },
  { patterns: ['**'], matches: ['all/the/files.md'] },
  { patterns: ['*.js'], matches: ['app.js', 'index.js'] },
  { patterns: ['**.js'], matches: ['index.js', 'js/index.js', 'src/js/app.js'] },
  { patterns: ['docs/*'], matches: ['docs/README.md', 'docs/file.txt'] },
  { patterns: ['docs/**'], matches: ['docs/README.md', 'docs/mona/octocat.txt'] },
  {
    patterns: ['docs/**/*.md'],
    matches: ['docs/README.md', 'docs/mona/hello-world.md', 'docs/a/markdown/file.md'],
  },
  {
    patterns: ['**/docs/**'],
    matches: ['docs/hello.md', 'dir/docs/my-file.txt', 'space/docs/plan/space.doc'],
  },
  { patterns: ['**/README.md'], matches: ['README.md', 'js/README.md'] },
  { patterns: ['**/*src/**'], matches: ['a/src/app.js', 'my-src/code/js/app.js'] },
  { patterns: ['**/*-post.md'], matches: ['my-post.md', 'path/their-post.md'] },
  {
    patterns: ['**/migrate-*.sql'],
    matches: ['migrate-10909.sql', 'db/migrate-v1.0.sql', 'db/sept/migrate-v1.sql'],
  },
  { patterns: ['*.md', '!README.md'], matches: ['hello.md'], nonMatches: ['README.md', 'docs/hello.md'] },
  { patterns: ['*.md', '!README.md', 'README*'], matches: ['hello.md', 'README.md', 'README.doc'] },
];

const cheatSheetCases = (table: string, rows: CheatSheetRow[]) =>
  rows.flatMap(({ patterns, matches: included, nonMatches = [] }) => [
    ...included.map((name) => [table, patterns, name, true] as const),
    ...nonMatches.map((name) => [table, patterns, name, false] as const),
  ]);

describe('GitHub filter pattern cheat sheet', () => {
  it.each([
    ...cheatSheetCases('branches and tags', branchAndTagRows),
    ...cheatSheetCases('file paths', filePathRows),
  ])('%s: %j against %s gives %s', (_table, patterns, name, expected) => {
    const decidedBy = matchBranch(patterns.map(parseBranchPattern), name);
    expect(decidedBy !== undefined).toBe(expected);
  });
});
