// Text from outside (inputs, the event, the environments file, AWS answers) cannot forge workflow commands,
// break the job summary, or push it past GitHub's limits. Run as the runner runs the action, from the source.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTPUT_NAMES } from '../src/action/report/outputs.ts';
import { type ActionRun, type ActionRunOptions, runActionForTest } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import {
  annotations,
  renderSummary,
  summaryTable,
  summaryTables,
  summaryText,
  workflowCommands,
} from './support/runner-log.ts';

const APP = 'd1exampleapp01';
const SAMPLE = readFileSync('sample/amplify-auth.yml', 'utf8');
const PROD_POOL = 'us-east-1_PrOd12345';

/** Every way a line can end, each followed by a command the runner would obey. */
const FORGED = [
  '\n::set-output name=forged::PWNED',
  '\r::add-mask::PWNED',
  '\r\n::error::PWNED',
  '\n::stop-commands::PWNED',
  '\n  ::warning::PWNED',
  ' ##[error]PWNED',
].join('');

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws();
});
afterEach(async () => {
  await aws.close();
});

const run = (options: Partial<ActionRunOptions>) =>
  runActionForTest({
    inputs: { 'app-id': APP },
    event: { name: 'push', ref: 'refs/heads/main' },
    awsEnv: aws.env(),
    files: { '.github/amplify-auth.yml': SAMPLE },
    ...options,
  });

const OWN_COMMANDS = ['group', 'endgroup', 'error', 'warning', 'debug', 'stop-commands'];

/** What every run must hold, whatever it was fed: only the action's own commands and outputs. */
function expectNothingForged(result: ActionRun) {
  const commands = [...workflowCommands(result.stdout), ...workflowCommands(result.stderr)];
  expect(commands.map((command) => command.command).filter((name) => !OWN_COMMANDS.includes(name))).toEqual(
    [],
  );
  // A forged annotation would be one whose whole message is the payload's.
  expect(commands.filter((command) => /^\s*PWNED/.test(command.message))).toEqual([]);
  const outputNames = [...result.outputFile.matchAll(/^([^<\n]+)<<ghadelimiter_[0-9a-f-]+$/gm)].map(
    ([, name]) => name,
  );
  expect(outputNames.sort()).toEqual([...OUTPUT_NAMES].sort());
  expect(result.outputs.forged).toBeUndefined();
  // The summary renders to no element from outside.
  expect(renderSummary(result.summary)).not.toMatch(/<script|<img|<a [^>]*javascript/i);
}

describe('forged workflow commands', () => {
  it.each(['branch', 'amplify-branch'])('from the %s input', async (input) => {
    const result = await run({
      event: { name: 'push', ref: 'refs/heads/develop' },
      inputs: { 'app-id': APP, environment: 'development', [input]: `fix/x${FORGED}` },
    });
    expect(result.stdout).toContain('PWNED');
    expectNothingForged(result);
  });

  it('from the environment input', async () => {
    const result = await run({
      inputs: { 'app-id': APP, environment: `development${FORGED}\n# Heading\n<img src=x>` },
    });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)[0]).toContain(`Environment "development${FORGED}`);
    expectNothingForged(result);
    // One heading (the action's own) and one list item for the one problem: the text did not start new blocks.
    const html = renderSummary(result.summary);
    expect(html.match(/<h\d/g)).toHaveLength(1);
    expect(html.match(/<li>/g)).toHaveLength(1);
  });

  it('from the event: a pull request head branch', async () => {
    const result = await run({
      event: { name: 'pull_request', ref: 'refs/pull/7/merge', headRef: `feature/x${FORGED}` },
      inputs: { 'app-id': APP, 'dry-run': 'true' },
    });
    expect(result.stdout).toContain('PWNED');
    expectNothingForged(result);
  });

  it("from the event: a fork's repository name, in the refusal and in a dry run's log", async () => {
    const fork = { id: 2, full_name: `mallory/x${FORGED}` };
    const event = {
      name: 'pull_request_target',
      ref: 'refs/pull/7/merge',
      payload: {
        pull_request: {
          head: { ref: 'feature/x', sha: 'feedface00feedface00feedface00feedface00', repo: fork },
          base: { ref: 'main', repo: { id: 1, full_name: 'acme/app' } },
        },
      },
    } as const;
    const refused = await run({ event });
    expect(refused.exitCode).toBe(1);
    expect(annotations(refused.stdout)[0]).toContain(`comes from the fork mallory/x${FORGED},`);
    expectNothingForged(refused);
    const dryRun = await run({ event, inputs: { 'app-id': APP, 'dry-run': 'true' } });
    expect(dryRun.stdout).toContain('PWNED');
    expectNothingForged(dryRun);
  });

  it('from the environments file: a branch pattern and a group name', async () => {
    const file = SAMPLE.replace(
      'branches: [main]',
      `branches: [main, ${JSON.stringify(`x${FORGED}`)}]`,
    ).replace(
      '      ADMINS: arn:aws:iam::111122223333:role/amplify-auth-production-admins',
      '      "##[error]PWNED": arn:aws:iam::111122223333:role/amplify-auth-production-admins',
    );
    const result = await run({ files: { '.github/amplify-auth.yml': file } });
    expect(result.stdout).toContain('##[error]PWNED');
    expectNothingForged(result);
  });

  it('from AWS answers: a pool name, a client name and an error message', async () => {
    const pool = aws.state.userPool(PROD_POOL);
    if (!pool) throw new Error('seed');
    pool.name = `pool${FORGED}`;
    for (const client of pool.clients) client.clientName = `client${FORGED}`;
    aws.faults.push({
      kind: 'error',
      operation: 'GetIdentityPoolRoles',
      status: 400,
      code: 'InvalidParameterException',
      message: `bad${FORGED}`,
    });
    const result = await run({});
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`pool\\n::set-output`);
    expectNothingForged(result);
  });
});

describe('a job summary that cannot be broken', () => {
  const hostile = 'feature/a|b`c`<script>x</script>';

  it('shows a hostile branch name as text, in a table that keeps its columns', async () => {
    aws.state.addBranch(APP, hostile);
    const result = await run({ event: { name: 'push', ref: `refs/heads/${hostile}` } });
    expect(result.exitCode).toBe(0);
    expectNothingForged(result);
    expect(summaryText(result.summary)).toContain(`Amplify branch ${hostile}`);
    expect(summaryText(result.summary)).toContain(
      `because branch "${hostile}" matches pattern \`feature/**\` of environment "development"`,
    );
    for (const table of summaryTables(result.summary)) {
      expect(new Set(table.map((row) => row.length)).size).toBe(1);
    }
  });

  it('keeps a value with backticks, pipes and line breaks in one cell, and cuts a 1.2 MB value', async () => {
    const huge = `us-east-1_${'x'.repeat(1_200_000)}`;
    aws.state.setBranchVariables(APP, 'main', {
      USER_POOL_ID: huge,
      USER_POOL_CLIENT_ID: 'a`b``c|d\ne<f>',
    });
    const result = await run({});
    expect(result.exitCode).toBe(0);
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024);
    const rows = summaryTable(result.summary, 'Variable');
    expect(rows.every((row) => row.length === 4)).toBe(true);
    expect(rows.find(([name]) => name === 'USER_POOL_CLIENT_ID')?.[1]).toBe('a`b``c|d↵e<f>');
    expect(rows.find(([name]) => name === 'USER_POOL_ID')?.[1]).toMatch(
      /^us-east-1_x+… \(1,199,810 more characters\)$/,
    );
    expect(aws.state.branchVariables(APP, 'main').USER_POOL_ID).toBe(PROD_POOL);
  });

  it('cuts long values in the summary while the outputs keep them whole', async () => {
    const groups = Array.from({ length: 60 }, (_, i) => `      G${i}: arn:aws:iam::111122223333:role/g${i}`);
    const file = SAMPLE.replace(
      '      ADMINS: arn:aws:iam::111122223333:role/amplify-auth-production-admins',
      groups.join('\n'),
    );
    const result = await run({ files: { '.github/amplify-auth.yml': file }, inputs: { 'app-id': APP } });
    const groupsValue = JSON.parse(result.outputs.variables ?? '{}').USER_POOL_GROUPS as string;
    expect(Object.keys(JSON.parse(groupsValue))).toHaveLength(60);
    const cell = summaryTable(result.summary, 'Variable').find(([name]) => name === 'USER_POOL_GROUPS')?.[2];
    expect(cell).toMatch(/^\{"G0":.*… \([\d,]+ more characters\)$/);
  });

  it('stays under 1 MiB and 10 annotations with 2,200 broken environments, and logs them all', async () => {
    const broken = Array.from(
      { length: 2_200 },
      (_, i) =>
        `  env${i}:\n    branches: [b${i}]\n    userPoolId: pool${i}\n    userPoolClientId: "c ${i}"\n    identityPoolId: id${i}\n    authRoleArn: role${i}\n    unauthRoleArn: role${i}`,
    );
    const result = await run({
      files: { '.github/amplify-auth.yml': `environments:\n${broken.join('\n')}\n` },
    });
    expect(result.exitCode).toBe(1);
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024);
    const errors = annotations(result.stdout);
    expect(errors).toHaveLength(10);
    expect(errors[9]).toBe('… and 10,991 more errors, listed in the log.');
    expect(summaryText(result.summary)).toContain('… and 10,950 more, listed in the log.');
    expect(result.stdout.match(/^error: \.github\/amplify-auth\.yml:\d+:\d+: /gm)).toHaveLength(10_991);
    expect(aws.requests).toHaveLength(0);
  });
});

describe('text that would recolour the log or show in another order', () => {
  // An ANSI escape sequence that hides what follows, a right-to-left override, an isolate, a C1 control (NEL) and
  // a line separator: what outside text carries to make a line read as something it is not.
  const TRICKS = '\u001b[8m\u202e\u2066\u0085\u2028';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

  it('shows them as \\u escapes in the log, the annotations and the summary', async () => {
    const branch = `feature/x${TRICKS}niam`;
    aws.state.addBranch(APP, branch);
    const pool = aws.state.userPool('us-east-1_DeV12345x');
    if (!pool) throw new Error('seed');
    pool.name = `pool${TRICKS}`;
    aws.faults.push({
      kind: 'error',
      operation: 'GetIdentityPoolRoles',
      status: 400,
      code: 'InvalidParameterException',
      message: `bad${TRICKS}`,
    });
    const result = await run({ event: { name: 'push', ref: `refs/heads/${branch}` } });
    expect(result.exitCode).toBe(1);
    const shown = '\\u001b[8m\\u202e\\u2066\\u0085\\u2028';
    expect(result.stdout).toContain(`Git branch feature/x${shown}niam`);
    expect(result.stdout).toContain(`pool${shown}`);
    expect(annotations(result.stdout).some((message) => message.includes(`bad${shown}`))).toBe(true);
    expect(summaryText(result.summary)).toContain(`feature/x${shown}niam`);
    expect(result.stdout).not.toMatch(RAW);
    expect(result.summary).not.toMatch(RAW);
    expectNothingForged(result);
  });
});

describe('bad input is a clear error, never a crash', () => {
  it('a billion-laughs file: exit 1, the file named, no stack trace', async () => {
    const bomb = [
      'a0: &a0 [lol]',
      ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`),
    ];
    const result = await run({
      files: { '.github/amplify-auth.yml': `${bomb.join('\n')}\nenvironments: *a9\n` },
    });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      expect.stringMatching(
        /^\.github\/amplify-auth\.yml could not be read as YAML: its aliases \(\*name\) expand to too much data/,
      ),
    ]);
    expect(result.stdout + result.summary).not.toMatch(/Unexpected error| {4}at /);
    expect(aws.requests).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{"ref": "refs/heads/main"'],
    ['not an object', '"just a string"'],
  ])('an event payload that is %s', async (_, rawPayload) => {
    const result = await run({ event: { name: 'pull_request', ref: 'refs/pull/7/merge', rawPayload } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout + result.summary).not.toMatch(/Unexpected error| {4}at /);
    expect(annotations(result.stdout)[0]).toMatch(
      /event payload .*could not be read|Cannot tell the git branch of this pull_request/,
    );
  });
});
