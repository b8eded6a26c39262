// A Gen 2 backend deployed from the workflow (`backend-deploy`) gets the IDs the action puts in its environment:
// backend-synth/synth.ts writes a backend whose amplify/auth/resource.ts is the README's referenceAuth snippet, read
// from README.md, synthesizes it offline with the real @aws-amplify/backend and aws-cdk-lib, and the IDs are read
// back from the CloudFormation templates. backend-synth/ has its own lockfile and ~900 MB of node_modules, kept out
// of the root install: installed here on first use (a fresh clone, CI), again when its lockfile is newer.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceAuthSnippet, type SynthReport } from '../backend-synth/synth.ts';
import { runActionForTest } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { APP, SAMPLE, STAGING } from './support/sample.ts';

const snippet = referenceAuthSnippet(readFileSync('README.md', 'utf8'));

const IDS = {
  USER_POOL_ID: 'us-east-1_AbC123xyz',
  USER_POOL_CLIENT_ID: '4k9v2m1q7r3s8t5u6w0x2y4z1a',
  IDENTITY_POOL_ID: 'us-east-1:0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
  AUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-AuthRole',
  UNAUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-UnauthRole',
  // As the action writes it (src/core/variables.ts groupsJson): a space in a group name as a \u escape.
  USER_POOL_GROUPS:
    '{"admins":"arn:aws:iam::111122223333:role/amplify/AdminsRole","content\\u0020editors":"arn:aws:iam::111122223333:role/EditorsRole"}',
};
const GROUPS = {
  admins: 'arn:aws:iam::111122223333:role/amplify/AdminsRole',
  'content editors': 'arn:aws:iam::111122223333:role/EditorsRole',
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** The backend project synth.ts wrote (amplify/, cdk.out/). */
  dir: string;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function exec(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeout: number }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(file, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** synth.ts in a new folder, with these managed variables (and no others) and CI=1, as `backend-deploy` runs. */
async function synth(variables: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'backend-synth-test-'));
  dirs.push(dir);
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', ...variables };
  for (const name of Object.keys(IDS)) if (!(name in variables)) delete env[name];
  for (const name of ['CDK_OUTDIR', 'CDK_CONTEXT_JSON']) delete env[name];
  const result = await exec(process.execPath, ['backend-synth/synth.ts', '--dir', dir], {
    env,
    timeout: 240_000,
  });
  return { ...result, dir };
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

beforeAll(async () => {
  const installed = 'backend-synth/node_modules/.package-lock.json';
  const lockfile = statSync('backend-synth/package-lock.json').mtimeMs;
  if (existsSync(installed) && statSync(installed).mtimeMs >= lockfile) return;
  const args = ['ci', '--prefix', 'backend-synth', '--ignore-scripts', '--no-audit', '--no-fund'];
  const install = await exec('npm', args, { timeout: 600_000 });
  if (install.code !== 0)
    throw new Error(`npm ${args.join(' ')} failed:\n${install.stdout}${install.stderr}`);
}, 660_000);

describe("a Gen 2 backend synthesized with the README's referenceAuth snippet", () => {
  it('is the README text itself', () => {
    expect(snippet).toContain("import { referenceAuth } from '@aws-amplify/backend';");
    expect(snippet).toContain('export const auth = referenceAuth({');
  });

  it('puts every ID from its environment in the auth stack, the Lambda policy and the root outputs', async () => {
    const run = await synth(IDS);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(readFileSync(join(run.dir, 'amplify/auth/resource.ts'), 'utf8')).toBe(snippet);

    const out = join(run.dir, 'cdk.out');
    const report = JSON.parse(run.stdout) as SynthReport;
    const auth = json(join(out, report.authTemplate));
    // Resources.AmplifyRefAuthCustomResource.Properties: what referenceAuth's custom resource gets on deploy.
    const properties = auth.Resources.AmplifyRefAuthCustomResource.Properties;
    expect(auth.Resources.AmplifyRefAuthCustomResource.Type).toBe('Custom::AmplifyRefAuth');
    const expected = {
      userPoolId: IDS.USER_POOL_ID,
      userPoolClientId: IDS.USER_POOL_CLIENT_ID,
      identityPoolId: IDS.IDENTITY_POOL_ID,
      authRoleArn: IDS.AUTH_ROLE_ARN,
      unauthRoleArn: IDS.UNAUTH_ROLE_ARN,
      groups: GROUPS,
    };
    expect(properties).toMatchObject(expected);
    expect(properties.groups).toEqual(GROUPS);
    expect(report.referenceAuth).toEqual(expected);

    // The custom resource's Lambda may describe this user pool and identity pool, and no others.
    expect(report.lambdaPolicyResources).toEqual([
      `arn:\${AWS::Partition}:cognito-idp:\${AWS::Region}:\${AWS::AccountId}:userpool/${IDS.USER_POOL_ID}`,
      `arn:aws:cognito-identity:\${AWS::Region}:\${AWS::AccountId}:identitypool/${IDS.IDENTITY_POOL_ID}`,
    ]);

    // The root stack's Outputs, which `ampx generate outputs` turns into amplify_outputs.json.
    const manifest = json(join(out, 'manifest.json'));
    const root = json(join(out, manifest.artifacts[report.rootStack].properties.templateFile));
    expect(root.Outputs.userPoolId.Value).toBe(IDS.USER_POOL_ID);
    expect(root.Outputs.webClientId.Value).toBe(IDS.USER_POOL_CLIENT_ID);
    expect(root.Outputs.identityPoolId.Value).toBe(IDS.IDENTITY_POOL_ID);
    expect(report.rootOutputs).toEqual({
      userPoolId: IDS.USER_POOL_ID,
      webClientId: IDS.USER_POOL_CLIENT_ID,
      identityPoolId: IDS.IDENTITY_POOL_ID,
    });
  }, 300_000);

  it('has no groups when USER_POOL_GROUPS is not set (an environment without groups)', async () => {
    const { USER_POOL_GROUPS: _groups, ...withoutGroups } = IDS;
    const run = await synth(withoutGroups);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as SynthReport;
    expect(report.referenceAuth.groups).toEqual({});
    const auth = json(join(run.dir, 'cdk.out', report.authTemplate));
    expect(auth.Resources.AmplifyRefAuthCustomResource.Properties.groups).toEqual({});
  }, 300_000);

  it("fails with the snippet's own message when USER_POOL_ID is missing, and reports nothing", async () => {
    const { USER_POOL_ID: _pool, ...withoutPool } = IDS;
    const run = await synth(withoutPool);
    const message = /throw new Error\(`(.+?)`\)/.exec(snippet)?.[1]?.replace(/\$\{name\}/, 'USER_POOL_ID');
    expect(message).toMatch(/USER_POOL_ID/);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Error: ${message}`);
    expect(run.stdout).toBe('');
    expect(existsSync(join(run.dir, 'cdk.out/manifest.json'))).toBe(false);
  }, 300_000);
});

describe('the action running the synth as its `backend-deploy`, with the IDs it validated', () => {
  let aws: TestAws;
  beforeAll(async () => {
    aws = await startTestAws();
  });
  afterAll(async () => {
    await aws.close();
  });

  it("hands the staging environment's IDs, groups included, to a backend deployed from the workflow", async () => {
    const synthPath = join(process.cwd(), 'backend-synth/synth.ts');
    const result = await runActionForTest({
      event: { name: 'push', ref: 'refs/heads/staging' },
      inputs: {
        'app-id': APP,
        'write-branch': 'false',
        'backend-deploy': `node "${synthPath}" --out synth.json`,
      },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': SAMPLE },
    });
    expect(result.exitCode).toBe(0);
    const report = json(join(result.workspace, 'synth.json')) as SynthReport;
    expect(report.referenceAuth).toEqual({
      userPoolId: STAGING.USER_POOL_ID,
      userPoolClientId: STAGING.USER_POOL_CLIENT_ID,
      identityPoolId: STAGING.IDENTITY_POOL_ID,
      authRoleArn: STAGING.AUTH_ROLE_ARN,
      unauthRoleArn: STAGING.UNAUTH_ROLE_ARN,
      groups: JSON.parse(STAGING.USER_POOL_GROUPS),
    });
    expect(report.rootOutputs.userPoolId).toBe(STAGING.USER_POOL_ID);
  }, 300_000);
});
