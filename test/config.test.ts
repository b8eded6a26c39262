import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import schema from '../schema/amplify-auth.schema.json' with { type: 'json' };
import { loadEnvironmentsFile, parseEnvironmentsFile } from '../src/core/config/file.ts';
import { DEFAULT_VARIABLE_NAMES, givenResources, resolvedFromFile } from '../src/core/config/types.ts';
import { MAX_ALIASED_VALUES, readYaml } from '../src/core/config/yaml-source.ts';
import { ActionError, type Problem } from '../src/core/errors.ts';
import { misshapenIds } from '../src/core/resolve.ts';

const FILE = '.github/amplify-auth.yml';

const ids = (indent: string, overrides: Record<string, string> = {}) =>
  Object.entries({
    userPoolId: 'us-east-1_AbC123xyz',
    userPoolClientId: '4example5client6id7abcdefg',
    identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
    authRoleArn: 'arn:aws:iam::111122223333:role/prod-auth',
    unauthRoleArn: 'arn:aws:iam::111122223333:role/prod-unauth',
    ...overrides,
  })
    .map(([key, value]) => `${indent}${key}: ${value}`)
    .join('\n');

function problemsOf(text: string): Problem[] {
  try {
    parseEnvironmentsFile(text, FILE);
  } catch (error) {
    if (error instanceof ActionError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

/** The one problem the file has, as `line: message`. */
function problemOf(text: string): string {
  const problems = problemsOf(text);
  expect(problems).toHaveLength(1);
  const [problem] = problems as [Problem];
  expect(problem.location?.file).toBe(FILE);
  return `${problem.location?.line}: ${problem.message}`;
}

describe('environments file', () => {
  it('reads environments in file order with defaults filled in', () => {
    const file = parseEnvironmentsFile(
      `environments:\n  production:\n    protected: true\n    branches: [main]\n${ids('    ')}\n    groups:\n      ADMINS: arn:aws:iam::111122223333:role/prod-admins\n  development:\n    branches: ['feature/**']\n${ids('    ')}\n`,
      FILE,
    );
    expect(file.variables).toEqual(DEFAULT_VARIABLE_NAMES);
    expect(file.environments.map((e) => e.name)).toEqual(['production', 'development']);
    const [production, development] = file.environments;
    expect(production?.protected).toBe(true);
    expect(production?.spec.groups).toEqual({
      kind: 'given',
      value: { ADMINS: 'arn:aws:iam::111122223333:role/prod-admins' },
    });
    expect(production?.location).toEqual({ file: FILE, line: 2, column: 3 });
    expect(development?.protected).toBe(false);
    expect(development?.spec.groups).toEqual({ kind: 'given', value: {} });
    expect(development?.branches.map((p) => p.source)).toEqual(['feature/**']);
  });

  it('keeps file order even for environment names that look like numbers', () => {
    const file = parseEnvironmentsFile(
      `environments:\n  zeta:\n    branches: [z]\n${ids('    ')}\n  '2024':\n    branches: [y]\n${ids('    ')}\n`,
      FILE,
    );
    expect(file.environments.map((e) => e.name)).toEqual(['zeta', '2024']);
  });

  it('takes renamed variables and keeps the other defaults', () => {
    const file = parseEnvironmentsFile(
      `variables:\n  userPoolId: MY_POOL\nenvironments:\n  dev:\n    branches: [dev]\n${ids('    ')}\n`,
      FILE,
    );
    expect(file.variables).toEqual({ ...DEFAULT_VARIABLE_NAMES, userPoolId: 'MY_POOL' });
  });

  it('names the line of a YAML syntax error', () => {
    expect(problemOf('environments:\n  dev:\n    branches: [main\n')).toMatch(/^\d+: .*is not valid YAML/);
  });

  it('rejects duplicate keys', () => {
    expect(problemOf(`environments:\n  dev:\n${ids('    ')}\n  dev:\n${ids('    ')}\n`)).toMatch(
      /^8: .*not valid YAML.*[Mm]ap keys must be unique/,
    );
  });

  it('names every key given twice in a map, at the second, with the line of the first', () => {
    expect(
      problemsOf(
        `environments:\n  dev:\n${ids('    ')}\n    branches: [a]\n    branches: [b]\n  dev: {}\n? \n: x\n? \n: y\n`,
      ),
    ).toEqual([
      {
        message: `${FILE} is not valid YAML: key "branches" appears twice in the same map (first at line 8); map keys must be unique.`,
        location: { file: FILE, line: 9, column: 5 },
      },
      {
        message: `${FILE} is not valid YAML: key "dev" appears twice in the same map (first at line 2); map keys must be unique.`,
        location: { file: FILE, line: 10, column: 3 },
      },
      // An empty key (YAML reads it as null) is written nowhere: the file is named, and no line.
      {
        message: `${FILE} is not valid YAML: key "null" appears twice in the same map; map keys must be unique.`,
        location: { file: FILE },
      },
    ]);
  });

  it('names an unknown key, its line and the likely intended key', () => {
    expect(problemOf(`environments:\n  dev:\n    branches: [dev]\n${ids('    ')}\n    userpoolId: x\n`)).toBe(
      '9: environments.dev: unknown key "userpoolId" (did you mean "userPoolId"?); allowed keys: protected, app, branches, userPoolId, userPool, userPoolClientId, userPoolClient, identityPoolId, identityPool, authRoleArn, unauthRoleArn, groups.',
    );
  });

  it('names an unknown top-level key', () => {
    expect(problemOf(`environment:\n  dev: {}\nenvironments:\n  dev:\n${ids('    ')}\n`)).toMatch(
      /^1: the file: unknown key "environment"/,
    );
  });

  it('names a missing user pool at its environment', () => {
    expect(
      problemOf(
        `environments:\n  dev:\n    branches: [dev]\n${ids('    ').split('\n').slice(1).join('\n')}\n`,
      ),
    ).toBe(
      '2: environments.dev: the user pool is missing: give userPoolId, or userPool with a name or tags to find it by.',
    );
  });

  it.each([
    ['userPoolId', 'us-east-1-AbC', 'expected <region>_<suffix>'],
    ['userPoolId', 'useast1_AbC', 'expected <region>_<suffix>'],
    [
      'userPoolClientId',
      'not-a-client',
      'expected the app client ID (no region), usually 26 lowercase letters and digits.',
    ],
    ['identityPoolId', 'us-east-1:not-a-uuid', 'expected <region>:<uuid>'],
    ['identityPoolId', 'us-east-1_AbC123xyz', 'expected <region>:<uuid>'],
    ['authRoleArn', 'arn:aws:iam::1111:role/x', 'expected arn:<partition>:iam::<12-digit account>'],
    ['unauthRoleArn', 'arn:aws:iam::111122223333:user/x', 'expected arn:<partition>'],
    ['unauthRoleArn', 'arn:aws:s3:::bucket', 'expected arn:<partition>'],
  ])('rejects a malformed %s (%s) at its line', (key, value, expected) => {
    const text = `environments:\n  dev:\n    branches: [dev]\n${ids('    ', { [key]: value })}\n`;
    const lineOfKey = text.split('\n').findIndex((line) => line.trim().startsWith(`${key}:`)) + 1;
    const problem = problemOf(text);
    expect(problem).toContain(`${lineOfKey}: environments.dev.${key}: "${value}" is not valid: ${expected}`);
    expect(problem).not.toMatch(/\.\.$/);
  });

  it('accepts role ARNs with paths and in other partitions', () => {
    const file = parseEnvironmentsFile(
      `environments:\n  dev:\n${ids('    ', { authRoleArn: 'arn:aws-us-gov:iam::111122223333:role/service/team/dev-auth' })}\n`,
      FILE,
    );
    expect(file.environments[0]?.spec.authRoleArn).toEqual({
      kind: 'given',
      value: 'arn:aws-us-gov:iam::111122223333:role/service/team/dev-auth',
    });
  });

  it('rejects a wrong type with the line of the value', () => {
    expect(problemOf(`environments:\n  dev:\n    protected: yes please\n${ids('    ')}\n`)).toBe(
      '3: environments.dev.protected: must be a boolean.',
    );
    expect(problemOf(`environments:\n  dev:\n    branches: main\n${ids('    ')}\n`)).toBe(
      '3: environments.dev.branches: must be an array.',
    );
  });

  it('rejects a malformed group name and group role ARN', () => {
    const problems = problemsOf(
      `environments:\n  dev:\n${ids('    ')}\n    groups:\n      'Bad Name': arn:aws:iam::111122223333:role/x\n      OK: not-an-arn\n`,
    );
    expect(problems.map((p) => `${p.location?.line}: ${p.message}`)).toEqual([
      '9: environments.dev.groups: "Bad Name" is not a valid group name: a group name is 1 to 128 letters, digits, punctuation marks or symbols, with no spaces or control characters.',
      '10: environments.dev.groups.OK: "not-an-arn" is not valid: expected arn:<partition>:iam::<12-digit account>:role/<optional path/><name>.',
    ]);
  });

  it("accepts exactly the group names Cognito's documented pattern does, for every code point", () => {
    // The schema writes CreateGroup's GroupName pattern, [\p{L}\p{M}\p{S}\p{N}\p{P}]+, as its complement.
    const ours = new RegExp(schema.definitions.groupName.pattern, 'u');
    const documented = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
    const differ: number[] = [];
    for (let point = 0; point <= 0x10ffff; point++) {
      const name = String.fromCodePoint(point);
      if (ours.test(name) !== documented.test(name)) differ.push(point);
    }
    expect(differ).toEqual([]);
    const edges = [
      'a'.repeat(128),
      '😀'.repeat(128),
      'a'.repeat(129),
      '😀'.repeat(129),
      '',
      'a b',
      'x\u200b',
    ];
    expect(edges.map((name) => ours.test(name))).toEqual(edges.map((name) => documented.test(name)));
  });

  it('rejects user pool and identity pool in different regions', () => {
    expect(
      problemOf(
        `environments:\n  dev:\n${ids('    ', { identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555' })}\n`,
      ),
    ).toBe(
      "5: environments.dev.identityPoolId is in eu-west-1 but userPoolId is in us-east-1; referenceAuth needs both in the Amplify app's region.",
    );
  });

  it('rejects two environments listing the same branch name', () => {
    expect(
      problemOf(
        `environments:\n  production:\n    branches: [main]\n${ids('    ')}\n  staging:\n    branches: [staging, main]\n${ids('    ')}\n`,
      ),
    ).toBe(
      '10: environments.staging.branches: branch "main" is already claimed by environment "production" (line 3); a branch name may be listed exactly by one environment only.',
    );
  });

  it('rejects an invalid branch pattern at its line', () => {
    expect(
      problemOf(`environments:\n  dev:\n    branches:\n      - ok\n      - '+bad'\n${ids('    ')}\n`),
    ).toMatch(
      /^5: environments\.dev\.branches: "\+bad" is not a valid branch pattern: `\+` at position 1 must follow/,
    );
  });

  it('rejects a branches list with only exclusions, and a protected environment without branches', () => {
    expect(problemOf(`environments:\n  dev:\n    branches: ['!main']\n${ids('    ')}\n`)).toMatch(
      /^3: environments\.dev\.branches: lists only `!` patterns/,
    );
    expect(problemOf(`environments:\n  prod:\n    protected: true\n${ids('    ')}\n`)).toMatch(
      /^2: environments\.prod is protected but lists no branches/,
    );
  });

  describe('a protected environment gives its pools, never searches the account for them', () => {
    const prod = (lines: string) =>
      `environments:\n  prod:\n    protected: true\n    branches: [main]\n${lines}\n`;
    const without = (...keys: string[]) =>
      ids('    ')
        .split('\n')
        .filter((line) => !keys.some((key) => line.trimStart().startsWith(`${key}:`)))
        .join('\n');
    const searched =
      'found across the account, it could be a pool that anyone who can create, rename or tag pools there chose.';

    it.each([
      ['by name', '    userPool: { name: shop-prod }'],
      ['by tags', '    userPool: { tags: { env: prod } }'],
    ])('refuses its user pool found %s, at that key', (how, line) => {
      expect(problemOf(prod(`${without('userPoolId')}\n${line}`))).toBe(
        `9: environments.prod is protected, so its user pool must be given as userPoolId, not found ${how}: ${searched}`,
      );
    });

    it('refuses its identity pool found by name, or left out to be found by trust', () => {
      expect(problemOf(prod(`${without('identityPoolId')}\n    identityPool: { name: shop_prod }`))).toBe(
        `9: environments.prod is protected, so its identity pool must be given as identityPoolId, not found by name: ${searched}`,
      );
      expect(problemOf(prod(without('identityPoolId')))).toBe(
        `2: environments.prod is protected, so its identity pool must be given as identityPoolId, not left out (found as the pool that trusts the user pool): ${searched}`,
      );
    });

    it('takes what is found inside its given pools: the only client, a client by name, the roles, the groups', () => {
      const inside = `${without('userPoolClientId', 'authRoleArn', 'unauthRoleArn')}\n    groups: all`;
      expect(() => parseEnvironmentsFile(prod(inside), FILE)).not.toThrow();
      const named = `${without('userPoolClientId')}\n    userPoolClient: { name: web }\n    groups: [ADMINS]`;
      expect(() => parseEnvironmentsFile(prod(named), FILE)).not.toThrow();
      // The same searches are fine for an environment that is not protected.
      const open = `environments:\n  dev:\n    branches: [dev]\n    userPool: { name: shop-dev }\n`;
      expect(() => parseEnvironmentsFile(open, FILE)).not.toThrow();
    });
  });

  it.each([
    ['AWS_USER_POOL', /starts with AWS, a prefix Amplify reserves/],
    ['AMPLIFY_USERPOOL_ID', /starts with AMPLIFY_/],
    ['_BUILD_TIMEOUT', /starts with _/],
    ['NODE_OPTIONS', /NODE_OPTIONS steers the runner, a shell or a program's loader or settings/],
  ])('rejects the reserved variable name %s', (name, message) => {
    expect(problemOf(`variables:\n  userPoolId: ${name}\nenvironments:\n  dev:\n${ids('    ')}\n`)).toMatch(
      new RegExp(`^2: variables\\.userPoolId: .*${message.source}`),
    );
  });

  // The names reach the job's later steps (export-env) and backend-deploy's shell: none may steer the runner, a
  // shell, a loader or a runtime, in any case (Windows reads names without case).
  it.each([
    'GITHUB_ENV',
    'RUNNER_TEMP',
    'ACTIONS_RUNTIME_TOKEN',
    'INPUT_APP_ID',
    'STATE_TOKEN',
    'CI',
    'PATH',
    'Path',
    'HOME',
    'SHELL',
    'ENV',
    'BASH_ENV',
    'BASH_FUNC_LS',
    'IFS',
    'PS4',
    'PROMPT_COMMAND',
    'CDPATH',
    'LD_PRELOAD',
    'ld_library_path',
    'DYLD_INSERT_LIBRARIES',
    'NODE_EXTRA_CA_CERTS',
    'NPM_CONFIG_REGISTRY',
    'JAVA_TOOL_OPTIONS',
    'PYTHONPATH',
    'PERL5OPT',
    'RUBYOPT',
    'GIT_SSH_COMMAND',
    'SSH_AUTH_SOCK',
    'XDG_CONFIG_HOME',
    'SHELLOPTS',
    'BASHOPTS',
    'TMPDIR',
    'GCONV_PATH',
    'GLIBC_TUNABLES',
    'MALLOC_CHECK_',
    'LOCPATH',
    'HOSTALIASES',
    'JDK_JAVA_OPTIONS',
    'RUBYLIB',
    'PERLLIB',
    'https_proxy',
    'NO_PROXY',
    'SSL_CERT_FILE',
    'CURL_CA_BUNDLE',
    'REQUESTS_CA_BUNDLE',
    'aws_access_key_id',
    'Aws_Region',
  ])('rejects %s, a name that steers what runs later', (name) => {
    expect(problemOf(`variables:\n  userPoolId: ${name}\nenvironments:\n  dev:\n${ids('    ')}\n`)).toBe(
      `2: variables.userPoolId: ${name} steers the runner, a shell or a program's loader or settings; the variables also go to the job's later steps (\`export-env\`) and to \`backend-deploy\`, so pick another name.`,
    );
  });

  it.each([
    'CI_USER_POOL_ID',
    'PATHS',
    'MY_PATH',
    'HOMEPAGE_POOL',
    'GITHUBLESS_ID',
    'MY_AWS_POOL',
    'PROXY_POOL',
  ])('takes %s, which only looks like one', (name) => {
    const file = parseEnvironmentsFile(
      `variables:\n  userPoolId: ${name}\nenvironments:\n  dev:\n${ids('    ')}\n`,
      FILE,
    );
    expect(file.variables.userPoolId).toBe(name);
  });

  it('rejects a variable name Amplify cannot hold or a shell cannot read', () => {
    expect(
      problemOf(`variables:\n  userPoolId: ${'A'.repeat(256)}\nenvironments:\n  dev:\n${ids('    ')}\n`),
    ).toMatch(
      /^2: variables\.userPoolId: .* is not valid: expected an environment variable name: letters, digits and underscores, not starting with a digit, at most 255 characters\. Amplify rejects names starting with AWS\.$/,
    );
    expect(problemOf(`variables:\n  userPoolId: user-pool\nenvironments:\n  dev:\n${ids('    ')}\n`)).toMatch(
      /^2: variables\.userPoolId: "user-pool" is not valid/,
    );
  });

  it('rejects two values sharing one variable name', () => {
    expect(
      problemOf(`variables:\n  authRoleArn: USER_POOL_ID\nenvironments:\n  dev:\n${ids('    ')}\n`),
    ).toBe(
      '2: variables.authRoleArn: USER_POOL_ID is already the name for userPoolId; each value needs its own variable name.',
    );
  });

  it('reports every problem in one go', () => {
    const problems = problemsOf(
      `environments:\n  dev:\n${ids('    ', { userPoolId: 'bad', authRoleArn: 'bad' })}\n    colour: blue\n`,
    );
    expect(problems.map((p) => p.location?.line).sort()).toEqual([3, 6, 8]);
  });

  it('rejects a file without environments', () => {
    const none =
      '1: environments: lists no environment; give at least one, with its branches and IDs (the README shows the format).';
    expect(problemOf('environments: {}\n')).toBe(none);
    expect(problemOf('environments:\n')).toBe(none);
    expect(problemOf('variables: {}\n')).toBe('1: the file: "environments" is required.');
  });

  it('says how to fix a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    await expect(loadEnvironmentsFile(join(dir, 'nope.yml'), FILE)).rejects.toThrow(
      `The environments file ${FILE} does not exist. Commit it to the repository`,
    );
    writeFileSync(join(dir, 'ok.yml'), `environments:\n  dev:\n${ids('    ')}\n`);
    await expect(loadEnvironmentsFile(join(dir, 'ok.yml'), FILE)).resolves.toMatchObject({ path: FILE });
  });

  it('says so when the environments file is a directory, or cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    await expect(loadEnvironmentsFile(dir, FILE)).rejects.toMatchObject({
      problems: [
        {
          message: `The environments file ${FILE} is a directory, not a file. Commit it to the repository (see the README for the format), or point the \`config\` input at it.`,
          location: { file: FILE },
        },
      ],
    });
    writeFileSync(join(dir, 'plain'), '');
    await expect(loadEnvironmentsFile(join(dir, 'plain', 'amplify-auth.yml'), FILE)).rejects.toThrow(
      `The environments file ${FILE} could not be read (ENOTDIR: not a directory`,
    );
  });

  it('refuses a file that is not UTF-8, naming the first line with such bytes, instead of reading U+FFFD there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const latin1 = Buffer.from(
      `environments:\n  dev:\n    branches: [develop, "x\u00e9"]\n${ids('    ')}\n`,
      'latin1',
    );
    writeFileSync(join(dir, 'latin1.yml'), latin1);
    await expect(loadEnvironmentsFile(join(dir, 'latin1.yml'), FILE)).rejects.toMatchObject({
      problems: [
        {
          message: `The environments file ${FILE} is not UTF-8 text: line 3 holds bytes that are not UTF-8 (saved as Latin-1 or UTF-16?). Save it as UTF-8.`,
          location: { file: FILE, line: 3 },
        },
      ],
    });
    // The same text in UTF-8 is read, the branch name with it.
    writeFileSync(join(dir, 'utf8.yml'), latin1.toString('latin1'));
    const file = await loadEnvironmentsFile(join(dir, 'utf8.yml'), FILE);
    expect(file.environments[0]?.branches.map((pattern) => pattern.source)).toEqual(['develop', 'x\u00e9']);
  });

  it('lets one environment list the same branch twice', () => {
    const file = parseEnvironmentsFile(
      `environments:\n  dev:\n    branches: [main, main]\n${ids('    ')}\n`,
      FILE,
    );
    expect(file.environments[0]?.branches.map((p) => p.source)).toEqual(['main', 'main']);
  });

  it("keeps the schema's words for a value of the wrong type or size that is not an empty file or environments", () => {
    expect(problemOf('- a\n')).toBe('1: the file: must be an object.');
    expect(problemOf('environments: [dev]\n')).toBe('1: environments: must be an object.');
    expect(problemOf('environments:\n  dev:\n')).toBe('2: environments.dev: must be an object.');
    expect(problemOf(`variables:\nenvironments:\n  dev:\n${ids('    ')}\n`)).toBe(
      '1: variables: must be an object.',
    );
    expect(problemOf('environments:\n  dev:\n    branches: [dev]\n    userPool: { tags: {} }\n')).toBe(
      '4: environments.dev.userPool.tags: must NOT have fewer than 1 properties.',
    );
  });

  it('reads an empty file (or one of comments alone) as one problem at the file, saying it is empty', () => {
    for (const empty of ['', '# notes only\n', '---\n']) {
      expect(problemsOf(empty)).toEqual([
        {
          message: `${FILE} is empty (or holds only comments): it needs an \`environments\` map with one entry for each environment; the README shows the format.`,
          location: { file: FILE, line: 1 },
        },
      ]);
    }
  });

  it('names the YAML syntax error as the parser words it', () => {
    expect(problemOf('environments:\n  dev:\n    branches: [main\n')).toBe(
      `4: ${FILE} is not valid YAML: deficient indentation`,
    );
  });

  it('refuses aliases that expand to too much data, at the file', () => {
    const bomb =
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    expect(problemsOf(bomb)).toEqual([
      {
        message: `${FILE} could not be read as YAML: its aliases (*name) expand to too much data (more than 10,000 values once written out). Write the environments out plainly (see the README for the format).`,
        location: { file: FILE },
      },
    ]);
  });

  it('reads aliases that add up to 10,000 values once written out, and refuses one more', () => {
    const environment = `  dev: &dev\n    branches: [dev]\n${ids('    ')}\n`;
    // Written out, *dev adds its map, six keys, five IDs, the list of branches and its one branch, less itself: 13;
    // *one adds the one-item list's item.
    const file = (environments: number, ones: number) =>
      `environments:\n${environment}sharedResources: [&one [x], ${[...Array(environments).fill('*dev'), ...Array(ones).fill('*one')].join(', ')}]\n`;
    const environments = Math.floor(MAX_ALIASED_VALUES / 13);
    const ones = MAX_ALIASED_VALUES - environments * 13;
    // Read: the schema then refuses the list's items (lists and maps where ARNs belong), but nothing is said of YAML.
    const read = problemsOf(file(environments, ones));
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((p) => p.message.includes('YAML'))).toEqual([]);
    expect(problemsOf(file(environments, ones + 1))).toEqual([
      {
        message: expect.stringContaining(
          'expand to too much data (more than 10,000 values once written out)',
        ),
        location: { file: FILE },
      },
    ]);
  });

  it('reads a file of many values with no alias, whatever its size', () => {
    const environments = Array.from(
      { length: 1_000 },
      (_, i) => `  env${i}:\n    branches: [b${i}]\n${ids('    ')}`,
    );
    const file = parseEnvironmentsFile(`environments:\n${environments.join('\n')}\n`, FILE);
    expect(file.environments).toHaveLength(1_000);
  });

  it('names an alias inside the value it stands for, which would hold itself', () => {
    expect(problemsOf(`environments:\n  dev: &dev\n    branches: [dev]\n    copy: *dev\n`)).toEqual([
      {
        message: `${FILE} is not valid YAML: the alias *dev is inside the value &dev it stands for, which would make that value hold itself; write the value out instead.`,
        location: { file: FILE, line: 4, column: 11 },
      },
    ]);
  });

  it('refuses a raw control character (YAML writes it as an escape), at its line, without printing it', () => {
    expect(problemsOf(`environments:\n  dev:\n    branches: ["a\u001b[2Jb"]\n${ids('    ')}\n`)).toEqual([
      {
        message: `${FILE} is not valid YAML: expected valid JSON character`,
        location: { file: FILE, line: 3, column: 18 },
      },
    ]);
    const escaped = parseEnvironmentsFile(
      `environments:\n  dev:\n    branches: ["a\\eb"]\n${ids('    ')}\n`,
      FILE,
    );
    expect(escaped.environments[0]?.branches.map((p) => p.source)).toEqual(['a\u001bb']);
  });

  it('refuses a second document, at its first value', () => {
    expect(problemsOf(`environments:\n  dev:\n${ids('    ')}\n---\nenvironments: {}\n`)).toEqual([
      {
        message: `${FILE} is not valid YAML: the file holds more than one document; keep the environments in one, without a \`---\` line between them.`,
        location: { file: FILE, line: 9, column: 1 },
      },
    ]);
  });

  it('finds keys as YAML reads them: a number, a null, a quoted string', () => {
    const problems = problemsOf(
      `environments:\n  1:\n    branches: [a]\n${ids('    ')}\n  "two":\n    branches: [b]\n${ids('    ')}\n    ~: x\n`,
    );
    expect(problems.map((p) => `${p.location?.line}:${p.location?.column}: ${p.message}`)).toEqual([
      '16:5: environments.two: unknown key "null"; allowed keys: protected, app, branches, userPoolId, userPool, userPoolClientId, userPoolClient, identityPoolId, identityPool, authRoleArn, unauthRoleArn, groups.',
    ]);
  });

  it('names an alias that has no anchor, at the alias, and says how to fix it', () => {
    expect(problemsOf('environments: *nope\n')).toEqual([
      {
        message: `${FILE} is not valid YAML: the alias *nope names no anchor before it; put &nope on the value it stands for, earlier in the file, or write that value out in its place.`,
        location: { file: FILE, line: 1, column: 15 },
      },
    ]);
  });

  it('names every alias whose anchor comes only after it', () => {
    expect(
      problemsOf(
        `environments:\n  dev:\n    branches: *dev\n${ids('    ')}\n  qa:\n    branches: &qa [qa]\n    protected: *qa\n${ids('    ', { userPoolId: '*dev' })}\n  staging:\n    branches: &dev ['staging/**']\n${ids('    ')}\n`,
      ).map((p) => `${p.location?.line}:${p.location?.column}: ${p.message}`),
    ).toEqual([
      `3:15: ${FILE} is not valid YAML: the alias *dev names no anchor before it; put &dev on the value it stands for, earlier in the file, or write that value out in its place.`,
      `12:17: ${FILE} is not valid YAML: the alias *dev names no anchor before it; put &dev on the value it stands for, earlier in the file, or write that value out in its place.`,
    ]);
  });

  it('reads an alias whose anchor comes before it, on a list or on an enclosing map', () => {
    const file = parseEnvironmentsFile(
      `environments:\n  dev: &dev\n    branches: &branches ['feature/**']\n${ids('    ')}\n  qa:\n    branches: *branches\n${ids('    ')}\n  qa2: *dev\n`,
      FILE,
    );
    expect(file.environments.map((e) => [e.name, e.branches.map((p) => p.source)])).toEqual([
      ['dev', ['feature/**']],
      ['qa', ['feature/**']],
      ['qa2', ['feature/**']],
    ]);
  });

  it('accepts the sample file shipped in the repository', async () => {
    const file = await loadEnvironmentsFile('sample/amplify-auth.yml');
    expect(file.environments.map((e) => e.name)).toEqual(['production', 'staging', 'development']);
  });
});

describe('schema problems', () => {
  const withGroups = (groups: string, overrides: Record<string, string> = {}) =>
    `environments:\n  dev:\n${ids('    ', overrides)}\n    groups: ${groups}\n`;
  const lines = (problems: Problem[]) =>
    problems.map((p) => `${p.location?.line}:${p.location?.column}: ${p.message}`);
  const MAP_ALL_OR_LIST =
    'expected a map of group name to IAM role ARN, `all` (every group of the pool that has a role), or a list of group names (each resolved to its role).';

  it('reports groups of no accepted kind once, beside the file’s other problems', () => {
    expect(lines(problemsOf(withGroups('5', { userPoolId: 'bad' })))).toEqual([
      '3:17: environments.dev.userPoolId: "bad" is not valid: expected <region>_<suffix>, e.g. us-east-1_AbC123xyz.',
      `8:13: environments.dev.groups: 5 is not valid: ${MAP_ALL_OR_LIST}`,
    ]);
    expect(lines(problemsOf(withGroups('null')))).toEqual([
      `8:13: environments.dev.groups: null is not valid: ${MAP_ALL_OR_LIST}`,
    ]);
  });

  const GROUP_NAME =
    'a group name is 1 to 128 letters, digits, punctuation marks or symbols, with no spaces or control characters.';

  it('judges a list of groups as a list only, naming the item that is wrong', () => {
    expect(lines(problemsOf(withGroups('[5]')))).toEqual([
      '8:14: environments.dev.groups.0: must be a string.',
    ]);
    expect(lines(problemsOf(withGroups("[ok, 'a b']")))).toEqual([
      `8:18: environments.dev.groups.1: "a b" is not a valid group name: ${GROUP_NAME}`,
    ]);
  });

  it('judges a map of groups as a map only, with one problem for a bad group name', () => {
    expect(lines(problemsOf(withGroups("{ 'a b': arn:aws:iam::111122223333:role/x }")))).toEqual([
      `8:15: environments.dev.groups: "a b" is not a valid group name: ${GROUP_NAME}`,
    ]);
    expect(lines(problemsOf(withGroups('{ OK: not-an-arn }')))).toEqual([
      '8:19: environments.dev.groups.OK: "not-an-arn" is not valid: expected arn:<partition>:iam::<12-digit account>:role/<optional path/><name>.',
    ]);
  });

  it('judges `all` as a string, naming the one word it takes', () => {
    expect(lines(problemsOf(withGroups('alll')))).toEqual([
      '8:13: environments.dev.groups: "alll" is not valid; it takes "all".',
    ]);
  });

  it('reports a bad tag key once', () => {
    expect(problemOf("environments:\n  dev:\n    userPool: { tags: { '': x } }\n")).toBe(
      '3: environments.dev.userPool.tags: "" is not a valid name here. Tags the pool must carry (all of them, with these values).',
    );
  });

  it('names a value under a key holding / or ~ with the key as written', () => {
    const messages = problemsOf(withGroups("{ 'a/b': x, 'a~b': y }")).map((p) => p.message);
    expect(messages).toContainEqual(
      expect.stringMatching(/^environments\.dev\.groups\.a\/b: "x" is not valid/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/^environments\.dev\.groups\.a~b: "y" is not valid/),
    );
  });

  it.each([['bad name'], ['-dev'], ['a'.repeat(65)]])(
    'explains a bad environment name (%s) once, with what names may contain',
    (name) => {
      expect(problemOf(`environments:\n  '${name}':\n${ids('    ')}\n`)).toBe(
        `2: environments: "${name}" is not a valid environment name: an environment name is 1 to 64 letters (A-Z, a-z), digits, _, . or -, starting with a letter or digit.`,
      );
    },
  );

  it('takes an environment name of 64 characters', () => {
    const name = `a${'-'.repeat(63)}`;
    expect(
      parseEnvironmentsFile(`environments:\n  ${name}:\n${ids('    ')}\n`, FILE).environments[0]?.name,
    ).toBe(name);
  });

  it('explains a bad app region in words', () => {
    expect(problemOf(`environments:\n  dev:\n${ids('    ')}\n    app: { id: d123, region: nowhere }\n`)).toBe(
      '8: environments.dev.app.region: "nowhere" is not a valid region: a region is written like us-east-1.',
    );
  });

  it('explains an empty lookup name with what the name is, in one sentence', () => {
    expect(problemOf('environments:\n  dev:\n    userPool: { name: "" }\n')).toBe(
      `3: environments.dev.userPool.name: "" is not valid: expected the pool's name, exactly.`,
    );
  });

  it('explains an empty branch pattern with what a pattern is, in one sentence', () => {
    expect(problemOf(`environments:\n  dev:\n    branches: ['']\n${ids('    ')}\n`)).toBe(
      '3: environments.dev.branches.0: "" is not valid: expected a GitHub branch filter pattern: * (no /), ** (any), ? and + (zero-or-one / one-or-more of the preceding character), [a-z0-9], \\ escapes, and a leading ! to exclude.',
    );
  });
});

describe('given resources', () => {
  const only = (text: string) => {
    const [environment] = parseEnvironmentsFile(text, FILE).environments;
    if (!environment) throw new Error('expected an environment');
    return givenResources(environment);
  };

  it('lists the pools and roles given literally, with the group roles of a group map', () => {
    expect(
      only(
        `environments:\n  dev:\n${ids('    ')}\n    groups:\n      ADMINS: arn:aws:iam::111122223333:role/admins\n`,
      ),
    ).toEqual([
      'us-east-1_AbC123xyz',
      'us-east-1:11111111-2222-3333-4444-555555555555',
      'arn:aws:iam::111122223333:role/prod-auth',
      'arn:aws:iam::111122223333:role/prod-unauth',
      'arn:aws:iam::111122223333:role/admins',
    ]);
  });

  it('leaves out what is to be found', () => {
    expect(
      only(
        'environments:\n  dev:\n    userPool: { name: shop }\n    authRoleArn: arn:aws:iam::111122223333:role/dev-auth\n    groups: all\n',
      ),
    ).toEqual(['arn:aws:iam::111122223333:role/dev-auth']);
  });
});

describe('an environment given whole', () => {
  const ADMINS = 'arn:aws:iam::111122223333:role/admins';
  /** The environment of `ids()` with one group, its IDs changed by `overrides` and its group by `group`. */
  const whole = (overrides: Record<string, string> = {}, group: [string, string] = ['ADMINS', ADMINS]) =>
    `environments:\n  dev:\n${ids('    ', overrides)}\n    groups:\n      "${group[0]}": ${group[1]}\n`;
  const only = (text: string) => {
    const [environment] = parseEnvironmentsFile(text, FILE).environments;
    if (!environment) throw new Error('expected an environment');
    return environment;
  };

  it('is resolved from the file, each ID given in it; an environment that looks one up is not', () => {
    const environment = only(whole());
    const resolved = resolvedFromFile(environment);
    expect(resolved?.ids).toEqual({
      userPoolId: 'us-east-1_AbC123xyz',
      userPoolClientId: '4example5client6id7abcdefg',
      identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
      authRoleArn: 'arn:aws:iam::111122223333:role/prod-auth',
      unauthRoleArn: 'arn:aws:iam::111122223333:role/prod-unauth',
      groups: { ADMINS },
    });
    expect(new Set(Object.values(resolved?.provenance ?? {}))).toEqual(new Set(['given in the file']));
    expect(
      resolvedFromFile(only(`environments:\n  dev:\n${ids('    ')}\n    groups: all\n`)),
    ).toBeUndefined();
    const noClient = whole().replace(/ {4}userPoolClientId: .*\n/, '');
    expect(resolvedFromFile(only(noClient))).toBeUndefined();
  });

  // Taken as it is, it is not held to the check of IDs found in AWS (misshapenIds): the schema refuses in the file
  // every ID that check would.
  it.each([
    ['userPoolId', { userPoolId: 'us-east-1-AbC123xyz' }],
    ['userPoolId', { userPoolId: `us-east-1_${'a'.repeat(46)}` }],
    ['userPoolClientId', { userPoolClientId: 'client-id' }],
    ['identityPoolId', { identityPoolId: 'us-east-1:11111111-2222-3333-4444-55555555555' }],
    ['authRoleArn', { authRoleArn: 'arn:aws:iam::111122223333:user/prod-auth' }],
    ['unauthRoleArn', { unauthRoleArn: 'arn:aws:iam::11112222333:role/prod-unauth' }],
    ['groups', {}, ['ADMINS', 'arn:aws:iam::111122223333:policy/admins']],
    ['groups', {}, ['two words', ADMINS]],
  ] as [string, Record<string, string>, [string, string]?][])(
    'an ID that check refuses is refused in the file: %s',
    (key, overrides, group = ['ADMINS', ADMINS]) => {
      const problems = problemsOf(whole(overrides, group));
      expect(problems.map((problem) => problem.message).join('\n')).toContain(key);
      const valid = resolvedFromFile(only(whole()));
      if (!valid) throw new Error('expected the environment given whole');
      const found = { ...valid.ids, ...overrides, groups: { [group[0]]: group[1] } };
      expect(misshapenIds(found, 'environments.dev', { file: FILE })).toHaveLength(1);
      expect(misshapenIds(valid.ids, 'environments.dev', { file: FILE })).toEqual([]);
    },
  );
});

describe('sharedResources', () => {
  it('lists resources several environments may use', () => {
    const file = parseEnvironmentsFile(
      `sharedResources:\n  - arn:aws:iam::111122223333:role/shared-unauth\n  - us-east-1_AbC123xyz\nenvironments:\n  dev:\n${ids('    ')}\n`,
      FILE,
    );
    expect(file.sharedResources).toEqual([
      'arn:aws:iam::111122223333:role/shared-unauth',
      'us-east-1_AbC123xyz',
    ]);
  });

  it('rejects an entry that is no resource ID or ARN, once', () => {
    expect(problemOf(`sharedResources:\n  - prod-role\nenvironments:\n  dev:\n${ids('    ')}\n`)).toBe(
      '2: sharedResources.0: "prod-role" is not valid: expected a user pool ID, identity pool ID or IAM role ARN.',
    );
  });

  describe('discovery forms', () => {
    const discovering = (lines: string) => `environments:\n  staging:\n    branches: [staging]\n${lines}\n`;

    it('reads every lookup form, and leaves out what is to be found', () => {
      const [tags, names] = parseEnvironmentsFile(
        `environments:\n  staging:\n    branches: [staging]\n    userPool: { tags: { env: staging, app: shop } }\n    groups: all\n  dev:\n    branches: [dev]\n    userPool: { name: shop-dev }\n    userPoolClient: { name: web }\n    identityPool: { name: shop_dev }\n    authRoleArn: arn:aws:iam::111122223333:role/dev-auth\n    groups: [ADMINS, EDITORS]\n`,
        FILE,
      ).environments;
      expect(tags?.spec).toEqual({
        userPoolId: { kind: 'tags', tags: { env: 'staging', app: 'shop' } },
        userPoolClientId: { kind: 'only' },
        identityPoolId: { kind: 'trusting' },
        authRoleArn: { kind: 'identity-pool' },
        unauthRoleArn: { kind: 'identity-pool' },
        groups: { kind: 'all' },
      });
      expect(names?.spec).toEqual({
        userPoolId: { kind: 'name', name: 'shop-dev' },
        userPoolClientId: { kind: 'name', name: 'web' },
        identityPoolId: { kind: 'name', name: 'shop_dev' },
        authRoleArn: { kind: 'given', value: 'arn:aws:iam::111122223333:role/dev-auth' },
        unauthRoleArn: { kind: 'identity-pool' },
        groups: { kind: 'names', names: ['ADMINS', 'EDITORS'] },
      });
      // A problem with a found value points at the line of its lookup.
      expect(names?.idLocations.userPoolClientId).toEqual({ file: FILE, line: 9, column: 21 });
    });

    it('points a pool to be found at the line of its lookup', () => {
      const [environment] = parseEnvironmentsFile(
        discovering('    userPool: { name: shop-dev }\n    identityPool: { name: shop_dev }'),
        FILE,
      ).environments;
      expect(environment?.idLocations.userPoolId).toEqual({ file: FILE, line: 4, column: 15 });
      expect(environment?.idLocations.identityPoolId).toEqual({ file: FILE, line: 5, column: 19 });
    });

    it.each([
      [
        'userPoolId: us-east-1_AbC123xyz\n    userPool: { name: shop }',
        '5: environments.staging: gives the user pool twice, as userPoolId and as userPool; keep one (the ID, or how to find it).',
      ],
      [
        'userPool: { name: shop }\n    userPoolClientId: abc\n    userPoolClient: { name: web }',
        '6: environments.staging: gives the app client twice, as userPoolClientId and as userPoolClient; keep one (the ID, or how to find it).',
      ],
      [
        'userPool: { name: shop }\n    identityPoolId: us-east-1:11111111-2222-3333-4444-555555555555\n    identityPool: { name: x }',
        '6: environments.staging: gives the identity pool twice, as identityPoolId and as identityPool; keep one (the ID, or how to find it).',
      ],
      [
        'userPool: { name: shop, tags: { env: x } }',
        '4: environments.staging.userPool: must NOT have more than 1 properties.',
      ],
      [
        'userPool: { id: us-east-1_AbC123xyz }',
        '4: environments.staging.userPool: unknown key "id"; allowed keys: name, tags.',
      ],
      [
        'userPool: { name: shop }\n    groups: alll',
        '5: environments.staging.groups: "alll" is not valid; it takes "all".',
      ],
      [
        'userPool: { name: shop }\n    groups: [A, B, A]',
        '5: environments.staging.groups: lists "A" more than once.',
      ],
      [
        'userPool: { name: shop }\n    groups: [A, B, B, A]',
        '5: environments.staging.groups: lists "B", "A" more than once.',
      ],
    ])('refuses %j', (lines, problem) => {
      expect(problemOf(discovering(`    ${lines}`))).toBe(problem);
    });
  });
});

describe('where the file writes a value (readYaml)', () => {
  const at = (text: string, path: (string | number)[], part?: 'key' | 'value') => {
    const { line, column } = readYaml(text, FILE).locate(path, part);
    return `${line}:${column}`;
  };

  it('gives a key that is not there at the key of the map that would hold it', () => {
    const text = 'environments:\n  dev:\n    branches: [a]\n';
    expect(at(text, ['environments', 'dev', 'userPoolId'])).toBe('2:3');
    expect(at(text, ['environments', 'dev'])).toBe('3:5');
    expect(at(text, ['environments', 'dev'], 'key')).toBe('2:3');
  });

  it('lists the keys of a map in file order, and none for a list or what is not there', () => {
    const source = readYaml('environments:\n  prod: {}\n  2: {}\n  dev: {}\nlist: [a]\n', FILE);
    expect(source.keysOf(['environments'])).toEqual(['prod', '2', 'dev']);
    expect(source.keysOf(['list'])).toEqual([]);
    expect(source.keysOf(['missing'])).toEqual([]);
  });

  it('gives an empty list item at the key of its list', () => {
    expect(
      at('environments:\n  dev:\n    branches:\n      - a\n      -\n', [
        'environments',
        'dev',
        'branches',
        1,
      ]),
    ).toBe('3:5');
  });

  it('gives a quoted value at its opening quote, a plain one at its first character', () => {
    const text = `a: 'x''y'\nb: "x\\"y"\nc: x'y\n`;
    expect([at(text, ['a']), at(text, ['b']), at(text, ['c'])]).toEqual(['1:4', '2:4', '3:4']);
  });

  it('counts lines as YAML breaks them: LF, CRLF, or a CR alone', () => {
    for (const br of ['\n', '\r\n', '\r']) {
      expect(
        at(['environments:', '  dev:', '    branches: [a]', ''].join(br), [
          'environments',
          'dev',
          'branches',
        ]),
      ).toBe('3:15');
    }
  });

  it('takes a map or a list as a key to be js-yaml’s refusal, not a key given twice', () => {
    expect(problemsOf('? [a]\n: 1\n? [b]\n: 2\n')).toEqual([
      {
        message: `${FILE} is not valid YAML: object-based map does not support complex keys`,
        location: { file: FILE, line: 1, column: 1 },
      },
    ]);
  });
});
