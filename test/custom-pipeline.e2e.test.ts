// A pipeline the team runs itself: `export-env` hands the validated variables to the job's later steps,
// `write-branch: false` leaves the Amplify branch alone while every check still runs, and `backend-deploy` runs the
// team's own backend deploy between the verified values and the Amplify build. Run as the runner runs the action
// (a child process on the source), against the local AWS; the one build started runs in process, on the local
// AWS's virtual clock, as the deploy suites run theirs.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ActionRun, type ActionRunOptions, runActionForTest } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { runInProcess, virtualClock } from './support/in-process.ts';
import { annotations, summaryListItems, summaryText } from './support/runner-log.ts';
import { APP, DEVELOPMENT, PRODUCTION, SAMPLE, STAGING } from './support/sample.ts';

const NAMES = Object.keys(PRODUCTION);
const WRITES = ['UpdateBranch', 'CreateBranch'];
const SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

let aws: TestAws;
/** A folder outside the workspace where a `backend-deploy` command leaves what it saw (`$PROBE`). */
let probe: string;
/** The file the runner names in GITHUB_ENV, created empty as the runner creates it. */
let githubEnv: string;
beforeEach(async () => {
  aws = await startTestAws();
  probe = mkdtempSync(join(tmpdir(), 'backend-probe-'));
  githubEnv = join(probe, 'github-env');
  writeFileSync(githubEnv, '');
});
afterEach(async () => {
  await aws.close();
  rmSync(probe, { recursive: true, force: true });
});

const push = (branch: string) => ({ name: 'push', ref: `refs/heads/${branch}` }) as const;

/** One step as the runner runs it; GITHUB_ENV and PROBE are part of the step's environment. */
function run(
  inputs: Record<string, string>,
  {
    event = push('main'),
    config = SAMPLE,
    env = {},
  }: { event?: ActionRunOptions['event']; config?: string; env?: Record<string, string> } = {},
): Promise<ActionRun> {
  return runActionForTest({
    inputs: { 'app-id': APP, ...inputs },
    event,
    awsEnv: { ...aws.env(), GITHUB_ENV: githubEnv, PROBE: probe, ...env },
    files: { '.github/amplify-auth.yml': config },
  });
}

const variablesOf = (branch: string) => aws.state.branchVariables(APP, branch);
const snapshot = (branch: string) => JSON.stringify(aws.state.branch(APP, branch));
const calls = (...operations: string[]) =>
  aws.requests.filter((request) => operations.includes(request.operation)).length;

/**
 * The GITHUB_ENV file as the runner reads it: nothing but `name<<delimiter`, the value's lines, the delimiter.
 * Anything else in the file (a bare `name=value`, a stray line, a block without its end) fails the test.
 */
function exported(): Record<string, string> {
  const text = readFileSync(githubEnv, 'utf8');
  const variables: Record<string, string> = {};
  const lines = text.split('\n');
  expect(lines.at(-1)).toBe('');
  for (let i = 0; i < lines.length - 1; ) {
    const header = /^([^<=\n]+)<<(ghadelimiter_[0-9a-f-]+)$/.exec(lines[i] ?? '');
    if (!header) throw new Error(`GITHUB_ENV line ${i + 1} is not a name<<delimiter header: ${lines[i]}`);
    const [, name = '', delimiter = ''] = header;
    const end = lines.indexOf(delimiter, i + 1);
    if (end < 0) throw new Error(`GITHUB_ENV: ${name} has no closing delimiter`);
    expect(variables).not.toHaveProperty(name);
    variables[name] = lines.slice(i + 1, end).join('\n');
    i = end + 1;
  }
  return variables;
}

/** The environment the command ran with, as `env -0` printed it to $PROBE/env. */
function commandEnv(): Record<string, string> {
  const text = readFileSync(join(probe, 'env'), 'utf8');
  return Object.fromEntries(
    text
      .split('\0')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

const only = (variables: Record<string, string>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(variables).filter(([name]) => names.includes(name)));

/** The sample with its variables renamed, as a team whose frontend reads VITE_* names has it. */
const RENAMED = `variables:
  userPoolId: VITE_USER_POOL_ID
  userPoolClientId: VITE_USER_POOL_CLIENT_ID
  groups: VITE_AUTH_GROUPS
${SAMPLE}`;
const renamed = (values: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      { USER_POOL_ID: 'VITE_USER_POOL_ID', USER_POOL_CLIENT_ID: 'VITE_USER_POOL_CLIENT_ID' }[name] ??
        (name === 'USER_POOL_GROUPS' ? 'VITE_AUTH_GROUPS' : name),
      value,
    ]),
  );

describe('export-env', () => {
  it('exports exactly the managed variables, as renamed and as written to the branch, after the verified write', async () => {
    const result = await run({ 'export-env': 'true' }, { event: push('staging'), config: RENAMED });

    expect(result.exitCode).toBe(0);
    const expected = renamed(STAGING);
    expect(Object.keys(expected)).toEqual([
      'VITE_USER_POOL_ID',
      'VITE_USER_POOL_CLIENT_ID',
      'IDENTITY_POOL_ID',
      'AUTH_ROLE_ARN',
      'UNAUTH_ROLE_ARN',
      'VITE_AUTH_GROUPS',
    ]);
    expect(exported()).toEqual(expected);
    // The very values the branch holds now: written, read back, then exported.
    expect(only(variablesOf('staging'), Object.keys(expected))).toEqual(expected);
    expect(variablesOf('staging')).not.toHaveProperty('USER_POOL_ID');
    expect(JSON.parse(result.outputs.variables ?? '')).toEqual(expected);
    expect(result.stdout).toContain(`Exported ${Object.keys(expected).join(', ')} to the job's later steps.`);
    expect(summaryText(result.summary)).toContain('Verified: read back after one write');
  });

  it('names every exported variable in full in the summary', async () => {
    const result = await run({ 'export-env': 'true' });

    expect(result.exitCode).toBe(0);
    // Each name is a code span, which the rendered text surrounds with spaces.
    const text = summaryText(result.summary).replace(/ ([,.])/g, '$1');
    expect(text).toContain(`Exported ${NAMES.join(', ')} to the job's later steps.`);
  });

  it('exports the groups variable empty for an environment without groups, so no earlier value reaches later steps', async () => {
    const result = await run({ 'export-env': 'true' }, { event: push('feature/login') });

    expect(result.exitCode).toBe(0);
    expect(exported()).toEqual({ ...DEVELOPMENT, USER_POOL_GROUPS: '' });
    expect(only(variablesOf('feature/login'), NAMES)).toEqual(DEVELOPMENT);
    expect(result.stdout).toContain(
      `Exported ${Object.keys(DEVELOPMENT).join(', ')}, and USER_POOL_GROUPS empty, to the job's later steps.`,
    );
  });

  it('exports nothing by default', async () => {
    const result = await run({});

    expect(result.exitCode).toBe(0);
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
    expect(summaryText(result.summary)).not.toContain('Exported');
  });

  it('exports nothing in a dry run, and lists the export under what a real run would do', async () => {
    const before = snapshot('main');
    const result = await run({ 'export-env': 'true', 'dry-run': 'true' });

    expect(result.exitCode).toBe(0);
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
    expect(snapshot('main')).toBe(before);
    const text = summaryText(result.summary);
    expect(text).toContain('A real run would also:');
    expect(summaryListItems(result.summary)).toContain(
      `Export ${NAMES.join(', ')} to the job's later steps.`,
    );
    expect(text).not.toMatch(/Exported/);
  });

  it('exports nothing with mode check, and lists the export under what apply mode would do', async () => {
    expect((await run({})).exitCode).toBe(0); // the branch now holds the values: the check passes

    const result = await run({ 'export-env': 'true', mode: 'check' });

    expect(result.exitCode).toBe(0);
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
    const text = summaryText(result.summary);
    expect(text).toContain('In sync');
    expect(text).toContain('In apply mode, the run would also:');
    expect(summaryListItems(result.summary)).toContain(
      `Export ${NAMES.join(', ')} to the job's later steps.`,
    );
    expect(text).not.toMatch(/Exported/);
  });

  it('exports nothing when the write fails', async () => {
    aws.faults.push({ kind: 'error', operation: 'UpdateBranch', status: 400, code: 'BadRequestException' });

    const result = await run({ 'export-env': 'true' });

    expect(result.exitCode).toBe(1);
    expect(calls('UpdateBranch')).toBeGreaterThan(0);
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
    expect(result.stdout).not.toContain("to the job's later steps.");
  });

  it('exports nothing when a check fails', async () => {
    const pool = aws.state.userPool(PRODUCTION.USER_POOL_ID);
    if (!pool) throw new Error('seed');
    pool.groups = [];

    const result = await run({ 'export-env': 'true' });

    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toContainEqual(
      expect.stringContaining(
        `Groups check: Group ADMINS in user pool ${PRODUCTION.USER_POOL_ID} does not exist`,
      ),
    );
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
    expect(calls(...WRITES)).toBe(0);
    expect(summaryText(result.summary)).not.toMatch(/Exported/);
  });
});

describe('write-branch: false', () => {
  it('runs every check, writes nothing to Amplify, and still exports the validated values', async () => {
    const before = snapshot('main');

    const result = await run({ 'write-branch': 'false', 'export-env': 'true' });

    expect(result.exitCode).toBe(0);
    expect(snapshot('main')).toBe(before);
    expect(calls(...WRITES)).toBe(0);
    expect(calls('GetBranch')).toBeGreaterThan(0); // the branch was read, with the checks
    expect(exported()).toEqual(PRODUCTION);
    expect(result.stdout).toContain('write-branch is false: ');
    const text = summaryText(result.summary);
    expect(text).toMatch(
      /Not written \( ?write-branch: false ?\): every check ran on the values; the Amplify branch was left as it was\./,
    );
    expect(text).not.toContain('Verified');
    expect(text).toContain('User pool');
    expect(text).not.toContain('❌');
    expect(result.outputs.changed).toBe('false');
    expect(JSON.parse(result.outputs.variables ?? '')).toEqual(PRODUCTION);
  });

  it('still fails the step on a failed check, and writes nothing', async () => {
    const pool = aws.state.userPool(PRODUCTION.USER_POOL_ID);
    if (!pool) throw new Error('seed');
    pool.groups = [];
    const before = snapshot('main');

    const result = await run({ 'write-branch': 'false', 'export-env': 'true' });

    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toContainEqual(
      expect.stringContaining(
        `Groups check: Group ADMINS in user pool ${PRODUCTION.USER_POOL_ID} does not exist`,
      ),
    );
    expect(summaryText(result.summary)).toContain(
      'Not written: 1 check failed; nothing was written to the Amplify branch.',
    );
    expect(snapshot('main')).toBe(before);
    expect(calls(...WRITES)).toBe(0);
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
  });

  it('leaves a branch that does not exist uncreated, and says so', async () => {
    const result = await run(
      { 'write-branch': 'false', 'export-env': 'true' },
      { event: push('feature/new-login') },
    );

    expect(result.exitCode).toBe(0);
    expect(aws.state.branch(APP, 'feature/new-login')).toBeUndefined();
    expect(calls(...WRITES)).toBe(0);
    expect(result.stdout).toContain('does not exist; it is not written.');
    expect(exported()).toEqual({ ...DEVELOPMENT, USER_POOL_GROUPS: '' });
  });

  it.each([
    [
      { 'create-branch': 'true' },
      '`create-branch: true` creates the Amplify branch with the variables, but `write-branch: false` writes nothing to Amplify: drop one of them.',
    ],
    [
      { 'auto-build': 'off' },
      '`auto-build: off` is set in the write to the Amplify branch, but `write-branch: false` writes nothing to Amplify: use `auto-build: keep`, or write the branch.',
    ],
    [
      { 'auto-build': 'on' },
      '`auto-build: on` is set in the write to the Amplify branch, but `write-branch: false` writes nothing to Amplify: use `auto-build: keep`, or write the branch.',
    ],
  ])('is refused with %o as an input error, before any AWS call', async (inputs, message) => {
    const before = snapshot('main');

    const result = await run({ 'write-branch': 'false', ...inputs });

    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([message]);
    expect(aws.requests).toEqual([]);
    expect(snapshot('main')).toBe(before);
    expect(summaryText(result.summary)).toContain(message);
    expect(summaryText(result.summary)).toContain('Nothing was written to the Amplify branch.');
  });
});

describe('backend-deploy', () => {
  /** Leaves what the command saw in $PROBE (its environment, its directory), prints a line, exits as told. */
  const probing = (exit = 'true') =>
    `env -0 > "$PROBE/env"; pwd -P > "$PROBE/pwd"; echo "backend: deploying $USER_POOL_ID"; touch "$PROBE/ran"; ${exit}`;
  const ran = () => existsSync(join(probe, 'ran'));

  it('runs in the workspace after the write is verified, with the values written and CI=1, its output in the log', async () => {
    // What the command's marker says at each Amplify request: the write and its read-back come before it.
    const seen: string[] = [];
    for (const operation of ['GetBranch', 'UpdateBranch'])
      aws.faults.push({
        kind: 'mutate',
        when: 'before',
        operation,
        apply: () => seen.push(`${operation}${ran() ? ' after the command' : ''}`),
      });

    const result = await run({ 'backend-deploy': probing() });

    expect(result.exitCode).toBe(0);
    expect(ran()).toBe(true);
    expect(seen).toContain('UpdateBranch');
    expect(seen.filter((entry) => entry.endsWith('after the command'))).toEqual([]);
    const env = commandEnv();
    expect(only(env, NAMES)).toEqual(PRODUCTION);
    expect(only(variablesOf('main'), NAMES)).toEqual(PRODUCTION);
    expect(env.CI).toBe('1');
    expect(readFileSync(join(probe, 'pwd'), 'utf8').trim()).toBe(realpathSync(result.workspace));
    expect(result.stdout).toContain(`\nbackend: deploying ${PRODUCTION.USER_POOL_ID}\n`);
    expect(result.stdout).toContain(`Running the backend-deploy command with ${NAMES.join(', ')} and CI=1.`);
    // Its output comes after the values were verified, and before the step's end.
    expect(result.stdout.indexOf('backend: deploying')).toBeGreaterThan(
      result.stdout.indexOf('::group::Write and verify'),
    );
    expect(summaryText(result.summary)).toMatch(
      /Backend: the backend-deploy command succeeded after \d+\.\d min\./,
    );
    expect(annotations(result.stdout)).toEqual([]);
  });

  it('leaves a managed variable the environment does not set out of the command’s environment, even when the runner had it', async () => {
    const result = await run(
      { 'backend-deploy': probing() },
      {
        event: push('feature/login'),
        env: { USER_POOL_GROUPS: '{"STALE":"arn:aws:iam::111122223333:role/stale"}', CI: 'true' },
      },
    );

    expect(result.exitCode).toBe(0);
    const env = commandEnv();
    expect(only(env, NAMES)).toEqual(DEVELOPMENT);
    expect(env).not.toHaveProperty('USER_POOL_GROUPS');
    expect(env.CI).toBe('1');
    expect(result.stdout).toContain(
      `Running the backend-deploy command with ${Object.keys(DEVELOPMENT).join(', ')} and CI=1.`,
    );
  });

  it('gives the command the environment a run: step has: no inputs of the action, no token for the Actions cache', async () => {
    // What the runner adds for a JavaScript action's process alone (actions/runner NodeScriptActionHandler), and the
    // OIDC token request it gives a run: step as well (ScriptHandler).
    const actionsOnly = {
      ACTIONS_RUNTIME_URL: 'https://pipelines.actions.example/abc/',
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-for-the-cache-and-artifacts',
      ACTIONS_CACHE_URL: 'https://artifactcache.actions.example/abc/',
      ACTIONS_RESULTS_URL: 'https://results-receiver.actions.example/',
      ACTIONS_CACHE_SERVICE_V2: 'True',
    };
    const idToken = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/id?audience=x',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id-token-request-token',
    };
    const result = await run(
      { 'backend-deploy': probing() },
      { env: { ...actionsOnly, ...idToken, input_lowercase: 'a variable of the workflow' } },
    );

    expect(result.exitCode).toBe(0);
    const env = commandEnv();
    expect(Object.keys(env).filter((name) => name.startsWith('INPUT_'))).toEqual([]);
    expect(only(env, Object.keys(actionsOnly))).toEqual({});
    expect(only(env, Object.keys(idToken))).toEqual(idToken);
    expect(env.input_lowercase).toBe('a variable of the workflow');
    expect(env.GITHUB_REPOSITORY).toBe('example-org/storefront');
    expect(only(env, NAMES)).toEqual(PRODUCTION);
  });

  it('gives the command the values under their renamed names', async () => {
    const result = await run({ 'backend-deploy': probing() }, { event: push('staging'), config: RENAMED });

    expect(result.exitCode).toBe(0);
    const expected = renamed(STAGING);
    expect(only(commandEnv(), [...Object.keys(expected), ...NAMES])).toEqual(expected);
  });

  it('runs with write-branch false once the values are validated, writing nothing', async () => {
    const before = snapshot('main');

    const result = await run({ 'backend-deploy': probing(), 'write-branch': 'false' });

    expect(result.exitCode).toBe(0);
    expect(ran()).toBe(true);
    expect(only(commandEnv(), NAMES)).toEqual(PRODUCTION);
    expect(snapshot('main')).toBe(before);
    expect(calls(...WRITES)).toBe(0);
    expect(summaryText(result.summary)).toMatch(/Not written \( ?write-branch: false ?\)/);
  });

  it.each(['start', 'wait'])(
    'fails the step on a non-zero exit, names the code, and starts no build (deploy: %s)',
    async (deploy) => {
      const result = await run({ 'backend-deploy': probing('exit 3'), deploy });

      expect(result.exitCode).toBe(1);
      expect(ran()).toBe(true);
      const message =
        'The `backend-deploy` command exited with code 3, so no Amplify build was started; its output is in the log above.';
      expect(annotations(result.stdout)).toEqual([message]);
      const output = result.stdout.indexOf(`backend: deploying ${PRODUCTION.USER_POOL_ID}`);
      expect(output).toBeGreaterThan(-1);
      expect(output).toBeGreaterThan(result.stdout.indexOf('::group::Backend deploy'));
      expect(output).toBeLessThan(result.stdout.lastIndexOf(message));
      expect(calls('StartJob')).toBe(0);
      expect(result.outputs['job-id']).toBe('');
      const text = summaryText(result.summary);
      expect(text).toMatch(/Backend: the backend-deploy command exited with code 3 after \d+\.\d min\./);
      // The values were written and verified before the command ran.
      expect(text).toContain('Written, then failed');
      expect(only(variablesOf('main'), NAMES)).toEqual(PRODUCTION);
    },
  );

  it('stops at the first failing command, as a run: step does (bash -e)', async () => {
    const result = await run({ 'backend-deploy': `false\ntouch "$PROBE/ran"` });

    expect(result.exitCode).toBe(1);
    expect(ran()).toBe(false);
    expect(annotations(result.stdout)).toEqual([
      expect.stringContaining('The `backend-deploy` command exited with code 1'),
    ]);
  });

  it('stops at a pipeline whose first command fails, as a run: step does (pipefail)', async () => {
    const result = await run({ 'backend-deploy': `false | cat\ntouch "$PROBE/ran"` });

    expect(result.exitCode).toBe(1);
    expect(ran()).toBe(false);
    expect(annotations(result.stdout)).toEqual([
      expect.stringContaining('The `backend-deploy` command exited with code 1'),
    ]);
  });

  it('fails the step, naming the signal, when bash is killed by one', async () => {
    const result = await run({ 'backend-deploy': 'kill -TERM $$', deploy: 'start' });

    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'The `backend-deploy` command was ended by SIGTERM, so no Amplify build was started; its output is in the log above.',
    ]);
    expect(summaryText(result.summary)).toMatch(
      /Backend: the backend-deploy command was ended by SIGTERM after \d+\.\d min\./,
    );
    expect(calls('StartJob')).toBe(0);
  });

  it('is not run in a dry run, and is listed under what a real run would do', async () => {
    const before = snapshot('main');

    const result = await run({ 'backend-deploy': probing(), 'dry-run': 'true' });

    expect(result.exitCode).toBe(0);
    expect(ran()).toBe(false);
    expect(snapshot('main')).toBe(before);
    expect(result.stdout).not.toContain('backend: deploying');
    expect(summaryText(result.summary)).toContain('A real run would also:');
    expect(summaryListItems(result.summary)).toContain(
      'Run the `backend-deploy` command with the variables.',
    );
    expect(summaryText(result.summary)).not.toContain('Backend:');
  });

  it('is not run with mode check, and is listed under what apply mode would do', async () => {
    expect((await run({})).exitCode).toBe(0);

    const result = await run({ 'backend-deploy': probing(), mode: 'check' });

    expect(result.exitCode).toBe(0);
    expect(ran()).toBe(false);
    expect(summaryText(result.summary)).toContain('In apply mode, the run would also:');
    expect(summaryListItems(result.summary)).toContain(
      'Run the `backend-deploy` command with the variables.',
    );
  });

  it('is not run when a check fails', async () => {
    const pool = aws.state.userPool(PRODUCTION.USER_POOL_ID);
    if (!pool) throw new Error('seed');
    pool.groups = [];

    const result = await run({ 'backend-deploy': probing(), 'write-branch': 'false' });

    expect(result.exitCode).toBe(1);
    expect(ran()).toBe(false);
  });

  it('hands a hostile group name to the command in its environment, never in its text', async () => {
    // A Cognito group name may hold any letter, mark, symbol, number or punctuation: $, (, " and ` are all allowed.
    const hostile = '$(touch$IFS"CANARY")`touch$IFS"CANARY2"`';
    const pool = aws.state.userPool(PRODUCTION.USER_POOL_ID);
    const group = pool?.groups.find((candidate) => candidate.groupName === 'ADMINS');
    if (!group) throw new Error('seed');
    group.groupName = hostile;
    const config = SAMPLE.replace(
      '      ADMINS: arn:aws:iam::111122223333:role/amplify-auth-production-admins',
      `      ${JSON.stringify(hostile)}: arn:aws:iam::111122223333:role/amplify-auth-production-admins`,
    );

    const result = await run(
      {
        // The second line is quoted: bash leaves it as written, and so must the action.
        'backend-deploy': `printf %s "$USER_POOL_GROUPS" > "$PROBE/groups"\nprintf %s '$USER_POOL_GROUPS \${USER_POOL_ID}' > "$PROBE/quoted"`,
      },
      { config },
    );

    expect(result.exitCode).toBe(0);
    const value = variablesOf('main').USER_POOL_GROUPS ?? '';
    expect(JSON.parse(value)).toEqual({
      [hostile]: 'arn:aws:iam::111122223333:role/amplify-auth-production-admins',
    });
    expect(readFileSync(join(probe, 'groups'), 'utf8')).toBe(value);
    expect(readFileSync(join(probe, 'quoted'), 'utf8')).toBe(`$USER_POOL_GROUPS \${USER_POOL_ID}`);
    for (const where of [result.workspace, probe, process.cwd()]) {
      expect(existsSync(join(where, 'CANARY'))).toBe(false);
      expect(existsSync(join(where, 'CANARY2'))).toBe(false);
    }
  });
});

describe('backend-deploy, then the build', () => {
  // As the deploy suites run it: in process, the builds on the local AWS's virtual clock, no build history, and
  // the push that ran the workflow at the branch's head.
  beforeEach(() => {
    for (const target of aws.state.app(APP)?.branches ?? []) target.jobs = [];
    const main = aws.state.branch(APP, 'main');
    if (!main) throw new Error('seed');
    main.enableAutoBuild = false;
    aws.push(APP, 'main', { commitId: SHA, commitMessage: 'Sign-in: new pool' });
  });
  const runWithBuild = (inputs: Record<string, string>) =>
    runInProcess(
      {
        inputs: { 'app-id': APP, 'auto-build': 'off', ...inputs },
        event: {
          name: 'push',
          ref: 'refs/heads/main',
          sha: SHA,
          payload: { head_commit: { id: SHA, message: 'Sign-in: new pool' } },
        },
        awsEnv: { ...aws.env(), GITHUB_ENV: githubEnv, PROBE: probe },
        files: { '.github/amplify-auth.yml': SAMPLE },
      },
      { backoff: () => 0, requestTimeoutMs: 1000 },
      virtualClock(aws),
    );

  it('starts the build only once the command has finished, in the workspace', async () => {
    const marker = join(probe, 'backend-done');
    const seen: string[] = [];
    for (const operation of ['UpdateBranch', 'StartJob'])
      aws.faults.push({
        kind: 'mutate',
        when: 'before',
        operation,
        apply: () => seen.push(`${operation}${existsSync(marker) ? ' after the command' : ''}`),
      });

    const result = await runWithBuild({
      deploy: 'start',
      'export-env': 'true',
      // The step's own directory is this repository, not the workspace: the command must be run in the latter.
      'backend-deploy': `pwd -P > "$PROBE/pwd"; env -0 > "$PROBE/env"; touch "${marker}"`,
    });

    expect(result.exitCode).toBe(0);
    expect(seen).toEqual(['UpdateBranch', 'StartJob after the command']);
    expect(readFileSync(join(probe, 'pwd'), 'utf8').trim()).toBe(realpathSync(result.workspace));
    expect(only(commandEnv(), NAMES)).toEqual(PRODUCTION);
    expect(exported()).toEqual(PRODUCTION);
    const jobs = aws.state.branch(APP, 'main')?.jobs ?? [];
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    expect(job).toMatchObject({ jobType: 'RELEASE', commitId: SHA });
    expect(result.outputs['job-id']).toBe(job?.jobId);
    const text = summaryText(result.summary);
    expect(text).toMatch(/Backend: the backend-deploy command succeeded after \d+\.\d min\./);
    expect(text).toMatch(new RegExp(`Build: RELEASE job ${job?.jobId} \\(started by this run`));
    // The summary tells the stages in the order they ran.
    expect(text.indexOf('Exported')).toBeLessThan(text.indexOf('Backend:'));
    expect(text.indexOf('Backend:')).toBeLessThan(text.indexOf('Build:'));
  });

  it('stops a build of this commit queued before the backend was deployed, and starts a fresh one, even with no value changed', async () => {
    // The push's webhook build, queued while the command deployed the backend: it may read the old backend.
    const main = aws.state.branch(APP, 'main');
    if (!main) throw new Error('seed');
    main.enableAutoBuild = true;
    const webhook = aws.push(APP, 'main', { commitId: SHA, commitMessage: 'Sign-in: new pool' });
    expect(webhook?.status).toBe('PENDING');

    const result = await runWithBuild({
      deploy: 'start',
      'write-branch': 'false',
      'backend-deploy': 'true',
      'auto-build': 'keep',
    });

    expect(result.exitCode).toBe(0);
    expect(main.jobs.map((job) => [job.jobType, job.status])).toEqual([
      ['WEB_HOOK', 'CANCELLED'],
      ['RELEASE', expect.stringMatching(/^(PENDING|RUNNING)$/)],
    ]);
    expect(result.outputs['job-id']).toBe(main.jobs[1]?.jobId);
    expect(summaryText(result.summary)).toMatch(
      /Stopped WEB_HOOK job \d+ of this commit while it was still PENDING/,
    );
  });
});
