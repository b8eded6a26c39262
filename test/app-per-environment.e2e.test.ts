// One Amplify app per environment: an environment's `app: { id, region }` in the file names the app its branches
// belong to, so the action (and the CLI's check) needs no `app-id`, sends the Amplify calls to that app's region,
// and refuses an `app-id` that names another app before anything is read or written. Run as the runner runs the
// action (a child process on the source) and as a developer runs the CLI, against the local AWS, whose sample
// account has a second app in eu-west-1 and, seeded here, a wired Cognito environment there.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seed, sampleSeedPath } from '../local-aws/seed.ts';
import { type ActionRun, type ActionRunOptions, runActionForTest } from './support/action.ts';
import { ACTION_USER_AGENT, record, startTestAws, type TestAws } from './support/aws.ts';
import { annotations, annotationsWithPlace, summaryText } from './support/runner-log.ts';
import { APP, DEVELOPMENT, SAMPLE } from './support/sample.ts';

const EU_APP = 'd2euexampleapp';
const ACCOUNT = '111122223333';
const CONFIG = '.github/amplify-auth.yml';
const CLI = join(process.cwd(), 'src/cli.ts');

/** The environment the seed below wires in eu-west-1: the sample's eu pool, its client and identity pool. */
const EUROPE = {
  USER_POOL_ID: 'eu-west-1_EuRoPe001',
  USER_POOL_CLIENT_ID: '4euclient000example6abcdef',
  IDENTITY_POOL_ID: 'eu-west-1:66666666-6666-4666-8666-666666666666',
  AUTH_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/shop-eu-auth`,
  UNAUTH_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/shop-eu-unauth`,
};

/** A role that the identity pool's identities of one kind may assume. */
const trusting = (arn: string, identityPoolId: string, amr: 'authenticated' | 'unauthenticated') => ({
  arn,
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPoolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  },
});

/** The sample seed, with the eu-west-1 identity pool given its two roles: a whole environment in eu-west-1. */
function seed(): Seed {
  const sample = JSON.parse(readFileSync(sampleSeedPath, 'utf8')) as Seed;
  sample.roles = [
    ...(sample.roles ?? []),
    trusting(EUROPE.AUTH_ROLE_ARN, EUROPE.IDENTITY_POOL_ID, 'authenticated'),
    trusting(EUROPE.UNAUTH_ROLE_ARN, EUROPE.IDENTITY_POOL_ID, 'unauthenticated'),
  ];
  const pool = sample.regions['eu-west-1']?.identityPools?.[0];
  if (pool?.id !== EUROPE.IDENTITY_POOL_ID)
    throw new Error('the sample seed has changed its eu-west-1 identity pool');
  pool.allowUnauthenticated = true;
  pool.roles = { authenticated: EUROPE.AUTH_ROLE_ARN, unauthenticated: EUROPE.UNAUTH_ROLE_ARN };
  return sample;
}

/**
 * The sample file plus an environment whose branches belong to the eu-west-1 app. Its user pool is found by name
 * and everything else from it, so the file says nothing of a region: the discovery runs where the run's Cognito
 * region is (the `region` input or AWS_REGION, else the app's).
 */
const FILE = `${SAMPLE.trimEnd()}
  europe:
    branches: ["eu/**"]
    app: { id: ${EU_APP}, region: eu-west-1 }
    userPool: { name: eu-pool }
`;
/** Line and column of the europe environment's `app` value, as the file shows them. */
const APP_LINE = FILE.split('\n').findIndex((line) => line.includes(`app: { id: ${EU_APP}`)) + 1;
const APP_COLUMN = (FILE.split('\n')[APP_LINE - 1] ?? '').indexOf('{') + 1;
/** The line of the europe environment's `userPool` lookup. */
const USER_POOL_LINE = FILE.split('\n').indexOf('    userPool: { name: eu-pool }') + 1;

/** Without AWS_REGION and AWS_DEFAULT_REGION: the runner's environment when nothing set a region. */
function withoutRegion(env: Record<string, string>): Record<string, string> {
  const { AWS_REGION: _region, AWS_DEFAULT_REGION: _defaultRegion, ...rest } = env;
  return rest;
}

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws({ seed: seed() });
  aws.state.addBranch(EU_APP, 'eu/staging');
  aws.state.setBranchVariables(EU_APP, 'eu/staging', { API_URL: 'https://api.eu.example.com' });
  // A branch of the same name in the us-east-1 app: a run that wrote the wrong app would change it.
  aws.state.addBranch(APP, 'eu/staging');
});
afterEach(async () => {
  await aws.close();
});

const push = (branch: string): ActionRunOptions['event'] => ({ name: 'push', ref: `refs/heads/${branch}` });

function run(
  inputs: Record<string, string>,
  {
    branch = 'eu/staging',
    config = FILE,
    region = false,
  }: { branch?: string; config?: string; region?: boolean } = {},
): Promise<ActionRun> {
  return runActionForTest({
    inputs,
    event: push(branch),
    awsEnv: region ? aws.env() : withoutRegion(aws.env()),
    files: { [CONFIG]: config },
  });
}

/** What the action sent (by its user agent): service, operation and the region it was signed for. */
const sent = () =>
  aws.requests
    .filter((request) => request.userAgent.includes(ACTION_USER_AGENT))
    .map(({ service, operation, region }) => ({ service, operation, region }));
const regionsOf = (service: string) => [
  ...new Set(sent().flatMap((request) => (request.service === service ? [request.region] : []))),
];

describe("an environment's own app", () => {
  it("without `app-id` and without AWS_REGION: writes that app's branch in its region, and says which app", async () => {
    const usBranchBefore = JSON.stringify(aws.state.branch(APP, 'eu/staging'));
    const result = await run({});
    expect(result.exitCode).toBe(0);
    expect(annotations(result.stdout)).toEqual([]);
    expect(aws.state.branchVariables(EU_APP, 'eu/staging', 'eu-west-1')).toEqual({
      API_URL: 'https://api.eu.example.com',
      ...EUROPE,
    });
    expect(JSON.stringify(aws.state.branch(APP, 'eu/staging'))).toBe(usBranchBefore);
    expect(result.outputs).toMatchObject({
      environment: 'europe',
      'amplify-branch': 'eu/staging',
      changed: 'true',
      'user-pool-id': EUROPE.USER_POOL_ID,
      'deployment-url': `https://eu-staging.${EU_APP}.amplifyapp.com`,
    });
    // Every Amplify and Cognito call went to eu-west-1.
    expect(regionsOf('amplify')).toEqual(['eu-west-1']);
    expect(regionsOf('cognito-idp')).toEqual(['eu-west-1']);
    expect(regionsOf('cognito-identity')).toEqual(['eu-west-1']);
    // The pool was found by name in eu-west-1, the identity pool from it there too.
    expect(sent().map((request) => request.operation)).toEqual(
      expect.arrayContaining(['ListUserPools', 'ListIdentityPools', 'UpdateBranch']),
    );

    expect(result.stdout).toContain(`Amplify app ${EU_APP} in eu-west-1.\n`);
    expect(result.stdout).toContain(`userPoolId: found by name "eu-pool" → ${EUROPE.USER_POOL_ID}`);
    const text = summaryText(result.summary);
    expect(text).toContain('Amplify Cognito environment: europe → Amplify branch eu/staging');
    expect(text).toContain(`All resources are in eu-west-1, account ${ACCOUNT}.`);
    expect(result.summary).toContain(
      `(https://eu-west-1.console.aws.amazon.com/amplify/apps/${EU_APP}/branches/eu%2Fstaging/deployments)`,
    );
  });

  it('`app-id` naming the same app as the environment works the same', async () => {
    const result = await run({ 'app-id': EU_APP });
    expect(result.exitCode).toBe(0);
    expect(aws.state.branchVariables(EU_APP, 'eu/staging')).toMatchObject(EUROPE);
    expect(regionsOf('amplify')).toEqual(['eu-west-1']);
    expect(result.stdout).toContain(`Amplify app ${EU_APP} in eu-west-1.\n`);
  });

  it('`app-id` naming another app is refused before anything is read or written, at the line of `app`', async () => {
    const before = JSON.stringify(aws.state.toJSON());
    const result = await run({ 'app-id': APP }, { region: true });
    expect(result.exitCode).toBe(1);
    const message = `Input \`app-id\` is ${APP}, but environment "europe" belongs to app ${EU_APP} (eu-west-1); remove the input, or fix the environment's \`app\`. Nothing was read or written.`;
    expect(annotations(result.stdout)).toEqual([message]);
    expect(annotationsWithPlace(result.stdout)[0]?.properties).toEqual({
      file: CONFIG,
      line: String(APP_LINE),
      col: String(APP_COLUMN),
    });
    expect(summaryText(result.summary)).toContain(`${CONFIG}:${APP_LINE}:${APP_COLUMN} : ${message}`);
    expect(aws.requests).toHaveLength(0);
    expect(JSON.stringify(aws.state.toJSON())).toBe(before);
  });

  it("with AWS_REGION set: the Amplify calls go to the app's region, the Cognito reads to AWS_REGION, and the region check fails", async () => {
    // The environment names the eu-west-1 app, and finds its user pool by name: in AWS_REGION, us-east-1.
    const config = `environments:
  mixed:
    branches: ["eu/**"]
    app: { id: ${EU_APP}, region: eu-west-1 }
    userPool: { name: amplify-auth-development }
`;
    const before = aws.state.branchVariables(EU_APP, 'eu/staging');
    const result = await run({}, { config, region: true });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`Amplify app ${EU_APP} in eu-west-1; Cognito in us-east-1.`);
    expect(regionsOf('amplify')).toEqual(['eu-west-1']);
    expect(regionsOf('cognito-idp')).toEqual(['us-east-1']);
    expect(regionsOf('cognito-identity')).toEqual(['us-east-1']);
    const operations = sent().map((request) => request.operation);
    expect(operations).toEqual(
      expect.arrayContaining([
        'ListUserPools',
        'ListIdentityPools',
        'GetApp',
        'GetBranch',
        'DescribeUserPool',
      ]),
    );
    // Found in us-east-1, where the discovery ran.
    expect(result.outputs['user-pool-id']).toBe(DEVELOPMENT.USER_POOL_ID);
    expect(annotations(result.stdout)).toEqual([
      `Region and account check: User pool ${DEVELOPMENT.USER_POOL_ID} is in us-east-1, but the Amplify app is in eu-west-1: referenceAuth can only use resources in the app's region. Use this environment's resources in eu-west-1.`,
      `Region and account check: Identity pool ${DEVELOPMENT.IDENTITY_POOL_ID} is in us-east-1, but the Amplify app is in eu-west-1: referenceAuth can only use resources in the app's region. Use this environment's resources in eu-west-1.`,
    ]);
    const text = summaryText(result.summary);
    expect(text).toContain('Region and account ❌ fail');
    expect(text).toContain('Not written: 1 check failed; nothing was written to the Amplify branch.');
    expect(operations).not.toContain('UpdateBranch');
    expect(aws.state.branchVariables(EU_APP, 'eu/staging')).toEqual(before);
  });

  it("an app the environment names that does not exist: the error points at the environment's `app`, not the inputs", async () => {
    const config = FILE.replace(
      `app: { id: ${EU_APP}, region: eu-west-1 }`,
      'app: { id: d9missing, region: eu-west-1 }',
    );
    const result = await run({}, { config });
    expect(result.exitCode).toBe(1);
    const errors = annotationsWithPlace(result.stdout);
    expect(errors.map((error) => error.message)).toEqual([
      'Amplify app d9missing (eu-west-1), which environment "europe" names as its `app`, does not exist; fix the environment\'s `app` (its id and region) in the environments file.',
    ]);
    expect(errors[0]?.properties).toEqual({ file: CONFIG, line: String(APP_LINE), col: String(APP_COLUMN) });
  });

  it('no `app` in the environment and no `app-id`: refused before any AWS call', async () => {
    const result = await run({}, { branch: 'feature/login', region: true });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'Input `app-id` is required, or an `app: { id, region }` for environment "development" in the environments file: the Amplify app ID, such as d1a2b3c4example.',
    ]);
    expect(aws.requests).toHaveLength(0);
  });

  it('no `app` in the environment, an `app-id`, and no region anywhere: refused before any AWS call', async () => {
    const result = await run({ 'app-id': APP }, { branch: 'feature/login' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'No region: set the `region` input, or AWS_REGION (aws-actions/configure-aws-credentials sets it from its `aws-region`).',
    ]);
    expect(aws.requests).toHaveLength(0);
  });
});

describe("mode: delete in an environment's own app", () => {
  it('deletes the preview from that app, in its region, whatever AWS_REGION says', async () => {
    const preview = aws.state.addBranch(EU_APP, 'eu/pr-7');
    preview.description = 'Created by amplify-cognito-env for example-org/storefront'; // the harness's repository
    // The same name in the us-east-1 app, with the same mark: a delete sent to the wrong app would take it.
    aws.state.addBranch(APP, 'eu/pr-7').description = preview.description;
    const result = await run({ mode: 'delete' }, { branch: 'eu/pr-7', region: true });
    expect(result.exitCode).toBe(0);
    expect(annotations(result.stdout)).toEqual([]);
    expect(aws.state.branch(EU_APP, 'eu/pr-7')).toBeUndefined();
    expect(aws.state.branch(APP, 'eu/pr-7')).toBeDefined();
    expect(regionsOf('amplify')).toEqual(['eu-west-1']);
    expect(sent().filter((request) => request.operation === 'DeleteBranch')).toEqual([
      { service: 'amplify', operation: 'DeleteBranch', region: 'eu-west-1' },
    ]);
    expect(result.stdout).toContain(`Deleted Amplify branch "eu/pr-7" of app ${EU_APP} (eu-west-1).`);
  });
});

describe('the environments file', () => {
  it('`app: { id: App-1 }` (a bad ID, no region) fails with the file and the line of `app`', async () => {
    const config = FILE.replace(`app: { id: ${EU_APP}, region: eu-west-1 }`, 'app: { id: App-1 }');
    const result = await run({}, { config, region: true });
    expect(result.exitCode).toBe(1);
    const errors = annotationsWithPlace(result.stdout);
    const idColumn = (config.split('\n')[APP_LINE - 1] ?? '').indexOf('App-1') + 1;
    expect(errors.map((error) => error.message)).toEqual([
      'environments.europe.app: "region" is required.',
      expect.stringMatching(
        /^environments\.europe\.app\.id: "App-1" is not valid: expected an Amplify app ID: d followed by up to 19 lowercase letters and digits, e\.g\. d1a2b3c4example\.$/,
      ),
    ]);
    expect(errors.map((error) => error.properties)).toEqual([
      { file: CONFIG, line: String(APP_LINE), col: String(APP_COLUMN) },
      { file: CONFIG, line: String(APP_LINE), col: String(idColumn) },
    ]);
    expect(summaryText(result.summary)).toContain(
      `${CONFIG}:${APP_LINE}:${APP_COLUMN} : environments.europe.app: "region" is required.`,
    );
    expect(aws.requests).toHaveLength(0);
  });
});

describe('the CLI check', () => {
  let project: string;
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'project-'));
    writeFileSync(join(project, 'amplify-auth.yml'), FILE);
  });
  afterEach(() => {
    rmSync(project, { recursive: true, force: true });
  });

  interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
  }
  function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
    return new Promise((done) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { cwd: project, env: { PATH: process.env.PATH, ...env } },
        (error, stdout, stderr) => {
          record('run', { stdout, stderr, outputFile: '', summary: '' });
          const failure = error as (Error & { code?: number }) | null;
          done({ code: failure ? (failure.code ?? null) : 0, stdout, stderr });
        },
      );
    });
  }
  const check = ['check', '--branch', 'eu/staging', '--config', 'amplify-auth.yml'];

  it("without --app-id: the environment's app, in its region, with the Cognito reads there too", async () => {
    aws.state.addBranchVariables(EU_APP, 'eu/staging', EUROPE);
    const result = await cli(check, withoutRegion(aws.env()));
    expect(result.stderr).toContain('Region eu-west-1 (the region of environment "europe"\'s app).');
    expect(result.stderr).toContain(
      `In sync: Amplify branch "eu/staging" of app ${EU_APP} (eu-west-1) holds exactly the validated values.`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Region and account +pass +All resources are in eu-west-1, account 111122223333\.$/m,
    );
    expect(regionsOf('amplify')).toEqual(['eu-west-1']);
    expect(regionsOf('cognito-idp')).toEqual(['eu-west-1']);
  });

  it('without --app-id, with the branch out of date: the drift, against the right app', async () => {
    const result = await cli(check, withoutRegion(aws.env()));
    expect(result.code).toBe(1);
    console.log(JSON.stringify(result.stderr));
    expect(result.stderr).toContain(`Drift on Amplify branch eu/staging`);
  });

  it('--app-id naming another app fails, naming both, before any AWS call', async () => {
    const result = await cli([...check, '--app-id', APP], aws.env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: amplify-auth.yml:${APP_LINE}:${APP_COLUMN}: --app-id is ${APP}, but environment "europe" belongs to app ${EU_APP} (eu-west-1); leave --app-id out, or fix the environment's \`app\`.`,
    );
    expect(aws.requests).toHaveLength(0);
  });

  it('--app-id naming the same app works', async () => {
    aws.state.addBranchVariables(EU_APP, 'eu/staging', EUROPE);
    const result = await cli([...check, '--app-id', EU_APP], withoutRegion(aws.env()));
    expect(result.code).toBe(0);
    expect(regionsOf('amplify')).toEqual(['eu-west-1']);
  });

  it('with AWS_REGION set: the Amplify calls go to the app, the discovery to AWS_REGION, as in the action', async () => {
    const result = await cli(check, aws.env());
    expect(result.stderr).toContain('Region us-east-1 (from AWS_REGION or the profile).');
    expect(result.code).toBe(1);
    expect(regionsOf('amplify')).toEqual(['eu-west-1']);
    expect(regionsOf('cognito-idp')).toEqual(['us-east-1']);
    // The discovery looked in us-east-1, where there is no such pool; the file's line is the user pool's.
    expect(result.stderr).toContain(
      `error: amplify-auth.yml:${USER_POOL_LINE}:15: environments.europe.userPool: no user pool in us-east-1 is named "eu-pool".`,
    );
  });
});
