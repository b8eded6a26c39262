// The README's checks table, its `referenceAuth` column, against Amplify's own deploy-time check: the custom resource
// that `referenceAuth` deploys (ReferenceAuthInitializer, as published in @aws-amplify/backend-auth) runs with real
// SDK clients on the local AWS, on one configuration a mistake, and the action runs on the same configuration.
//
// Each row's words are a claim about what Amplify's code does with its mistakes: "fails the deploy", it throws for
// every one; "compares ARNs only", a group the pool does not have by name passes when its role is another group's,
// and a role of no group fails; "never checks", it deploys, or fails only because a read found nothing (a pool in
// another region than the stack's is not there to read). "Amplify refuses the write" is Amplify Hosting's, not the
// custom resource's: the branch update is refused. Whatever Amplify does, the action fails that row's check and
// writes nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UpdateBranchCommand } from '@aws-sdk/client-amplify';
import type { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import type { State } from '../local-aws/state.ts';
import { type ActionRun, runActionForTest } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { summaryTable } from './support/runner-log.ts';
import { APP, PRODUCTION, productionInEurope, SAMPLE } from './support/sample.ts';
import { clientsFor, failure } from './support/sdk.ts';

/** The custom resource's code, from the package's files (its `exports` name only its CDK constructs). */
interface Initializer {
  handleEvent(event: object): Promise<unknown>;
}
const { ReferenceAuthInitializer } = (await import(
  pathToFileURL(
    join(
      dirname(createRequire(import.meta.url).resolve('@aws-amplify/backend-auth')),
      'lambda/reference_auth_initializer.js',
    ),
  ).href
)) as {
  ReferenceAuthInitializer: new (
    identity: CognitoIdentityClient,
    idp: CognitoIdentityProviderClient,
    uuid: () => string,
  ) => Initializer;
};

const REGION = 'us-east-1';
const {
  USER_POOL_ID: POOL,
  IDENTITY_POOL_ID: IDENTITY_POOL,
  USER_POOL_CLIENT_ID: CLIENT,
  AUTH_ROLE_ARN: AUTH,
  UNAUTH_ROLE_ARN: UNAUTH,
} = PRODUCTION;

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws();
  vi.spyOn(console, 'info').mockImplementation(() => undefined); // the custom resource logs each event it gets
});
afterEach(async () => {
  vi.restoreAllMocks();
  await aws.close();
});

const userPool = (state: State, id = POOL) =>
  state.userPool(id) as NonNullable<ReturnType<State['userPool']>>;
const identityPool = (state: State) =>
  state.identityPool(IDENTITY_POOL) as NonNullable<ReturnType<State['identityPool']>>;

/** One mistake: what it does to the environments file (production's entry) and to AWS. */
interface Mistake {
  name: string;
  /** The file with the mistake; a file naming resources it first adds to the local AWS gets its state too. */
  file?: (text: string, state: State) => string;
  aws?: (state: State) => void;
  /** What Amplify's custom resource does with it, as observed here. */
  amplify: 'fails' | 'deploys';
}

/** Each row of the README's table: the words of its `referenceAuth` column, and mistakes it covers. */
const ROWS: Record<string, { claim: string; mistakes: Mistake[] }> = {
  'Region and account': {
    claim: 'never checks; the deploy or sign-in breaks',
    mistakes: [
      {
        name: 'an unauthenticated role of another account, attached to the identity pool',
        file: (text) => text.replace(UNAUTH, 'arn:aws:iam::999988887777:role/amplify-auth-production-unauth'),
        aws: (state) => {
          identityPool(state).roles.unauthenticated =
            'arn:aws:iam::999988887777:role/amplify-auth-production-unauth';
        },
        amplify: 'deploys',
      },
      {
        name: 'a user pool and identity pool in another region than the app',
        file: (_, state) => productionInEurope(state),
        amplify: 'fails',
      },
    ],
  },
  'User pool': {
    claim: 'fails the deploy',
    mistakes: [
      {
        name: 'a pool that does not exist',
        file: (text) => text.replace(`userPoolId: ${POOL}`, 'userPoolId: us-east-1_NoSuchPool'),
        amplify: 'fails',
      },
      {
        name: 'no password policy',
        aws: (state) => {
          userPool(state).passwordPolicy = null;
        },
        amplify: 'fails',
      },
      {
        name: 'alias attributes',
        aws: (state) => {
          userPool(state).aliasAttributes = ['email'];
        },
        amplify: 'fails',
      },
    ],
  },
  'External sign-in': {
    claim: 'fails the deploy',
    mistakes: [
      {
        name: 'a Google provider, no domain, no callback or sign-out URLs',
        aws: (state) => {
          userPool(state).identityProviders.push({
            providerName: 'Google',
            providerType: 'Google',
            createTime: 1,
          });
        },
        amplify: 'fails',
      },
    ],
  },
  'App client': {
    claim: 'fails the deploy',
    mistakes: [
      {
        name: "another pool's client",
        file: (text) => text.replace(CLIENT, '4stagclient5example6abcdef'),
        aws: (state) => {
          const provider = identityPool(state).cognitoProviders[0];
          if (provider) provider.clientId = '4stagclient5example6abcdef';
        },
        amplify: 'fails',
      },
      {
        name: 'a client with a secret',
        aws: (state) => {
          const client = userPool(state).clients.find((c) => c.clientId === CLIENT);
          if (client) client.clientSecret = 'a-client-secret';
        },
        amplify: 'fails',
      },
    ],
  },
  'Identity pool provider': {
    claim: 'fails the deploy',
    mistakes: [
      {
        name: 'an identity pool that does not exist',
        file: (text) => text.replace(IDENTITY_POOL, 'us-east-1:99999999-9999-4999-8999-999999999999'),
        amplify: 'fails',
      },
      {
        name: 'a provider for this pool with another client',
        aws: (state) => {
          const provider = identityPool(state).cognitoProviders[0];
          if (provider) provider.clientId = '4stagclient5example6abcdef';
        },
        amplify: 'fails',
      },
    ],
  },
  'Identity pool roles': {
    claim: 'fails the deploy',
    mistakes: [
      {
        name: 'no unauthenticated role attached',
        aws: (state) => {
          identityPool(state).roles.unauthenticated = undefined;
        },
        amplify: 'fails',
      },
      {
        name: 'another authenticated role',
        aws: (state) => {
          identityPool(state).roles.authenticated =
            'arn:aws:iam::111122223333:role/amplify-auth-staging-auth';
        },
        amplify: 'fails',
      },
    ],
  },
  Groups: {
    claim: 'compares ARNs only',
    mistakes: [
      {
        name: 'a group the pool has under another name, with the same role',
        aws: (state) => {
          const group = userPool(state).groups.find((g) => g.groupName === 'ADMINS');
          if (group) group.groupName = 'OPERATORS';
        },
        amplify: 'deploys',
      },
      {
        name: 'a group whose role is no group of the pool',
        aws: (state) => {
          const group = userPool(state).groups.find((g) => g.groupName === 'ADMINS');
          if (group) group.roleArn = AUTH;
        },
        amplify: 'fails',
      },
    ],
  },
  'Role trust policies': {
    claim: 'never checks; sign-in fails',
    mistakes: [
      {
        name: 'an authenticated role that trusts another identity pool',
        aws: (state) => {
          const role = state.role('amplify-auth-production-auth');
          if (role)
            role.trustPolicy = JSON.parse(
              JSON.stringify(role.trustPolicy).replace(
                IDENTITY_POOL,
                'us-east-1:22222222-2222-4222-8222-222222222222',
              ),
            );
        },
        amplify: 'deploys',
      },
      {
        name: "a group's role that does not exist",
        aws: (state) => {
          state.roles = state.roles.filter((role) => role.roleName !== 'amplify-auth-production-admins');
        },
        amplify: 'deploys',
      },
    ],
  },
  'Not shared with other environments': {
    claim: 'never checks',
    mistakes: [
      {
        name: "development's unauthenticated role is production's",
        file: (text) =>
          text.replace('arn:aws:iam::111122223333:role/amplify-auth-development-unauth', UNAUTH),
        amplify: 'deploys',
      },
    ],
  },
};

/** What referenceAuth is given for production: the IDs the action writes to the branch. */
function referenceAuthProps(file: string) {
  const production = (parse(file) as { environments: Record<string, Record<string, unknown>> }).environments
    .production as Record<string, unknown>;
  return {
    userPoolId: production.userPoolId,
    userPoolClientId: production.userPoolClientId,
    identityPoolId: production.identityPoolId,
    authRoleArn: production.authRoleArn,
    unauthRoleArn: production.unauthRoleArn,
    groups: production.groups ?? {},
    region: REGION,
  };
}

/** Amplify's custom resource on a stack create in the app's region: undefined when it succeeds, else its error. */
async function amplifyDeploy(file: string): Promise<Error | undefined> {
  const { identity, idp } = clientsFor(aws, { region: REGION });
  const initializer = new ReferenceAuthInitializer(identity, idp, () => 'physical-resource-id');
  try {
    await initializer.handleEvent({
      RequestType: 'Create',
      RequestId: 'request-1',
      LogicalResourceId: 'AmplifyReferenceAuthCustomResource',
      StackId: `arn:aws:cloudformation:${REGION}:111122223333:stack/amplify-app-main-auth/1`,
      ResourceType: 'Custom::AmplifyRefAuth',
      ResponseURL: 'https://cloudformation-custom-resource-response.example',
      ServiceToken: `arn:aws:lambda:${REGION}:111122223333:function:reference-auth`,
      ResourceProperties: referenceAuthProps(file),
    });
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

const pushMain = (file: string): Promise<ActionRun> =>
  runActionForTest({
    inputs: { 'app-id': APP },
    event: { name: 'push', ref: 'refs/heads/main' },
    awsEnv: aws.env(),
    files: { '.github/amplify-auth.yml': file },
  });

/** The README's checks table: check → its `referenceAuth` column. */
function readmeColumn(): Record<string, string> {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('\n### The checks\n');
  const lines = readme.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const column: Record<string, string> = {};
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim());
    column[cells[0] as string] = cells[2] as string;
  }
  return column;
}
describe("the README's referenceAuth column", () => {
  it('has a row for each check here, saying what these mistakes show', () => {
    const claims = Object.fromEntries(Object.entries(ROWS).map(([check, { claim }]) => [check, claim]));
    expect(readmeColumn()).toEqual({ ...claims, 'Variable sizes': 'Amplify refuses the write' });
  });

  it('a correctly wired environment: Amplify deploys it and the action writes it', async () => {
    expect(await amplifyDeploy(SAMPLE)).toBeUndefined();
    expect((await pushMain(SAMPLE)).exitCode).toBe(0);
  });

  for (const [check, { claim, mistakes }] of Object.entries(ROWS)) {
    describe(`${check}: "${claim}"`, () => {
      it.each(mistakes.map((mistake) => [mistake.name, mistake] as const))('%s', async (_, mistake) => {
        const file = mistake.file?.(SAMPLE, aws.state) ?? SAMPLE;
        mistake.aws?.(aws.state);
        const amplify = await amplifyDeploy(file);
        expect(amplify ? 'fails' : 'deploys', amplify?.message).toBe(mistake.amplify);
        // "never checks": a failure is a read that found nothing, not a check of Amplify's own.
        if (amplify && claim.startsWith('never checks'))
          expect(amplify.name).toBe('ResourceNotFoundException');

        const before = JSON.stringify(aws.state.branch(APP, 'main'));
        const run = await pushMain(file);
        expect(run.exitCode).toBe(1);
        const row = summaryTable(run.summary, 'Check').find(([title]) => title === check);
        expect(row?.[1]).toBe('❌ fail');
        expect(JSON.stringify(aws.state.branch(APP, 'main'))).toBe(before);
      });

      it('the claim holds across the mistakes', () => {
        const outcomes = new Set(mistakes.map((mistake) => mistake.amplify));
        if (claim === 'fails the deploy') expect([...outcomes]).toEqual(['fails']);
        else if (claim === 'compares ARNs only') expect(outcomes).toEqual(new Set(['fails', 'deploys']));
        else {
          expect(claim).toMatch(/^never checks/);
          expect(outcomes.has('deploys')).toBe(true);
        }
      });
    });
  }

  it("Variable sizes: Amplify Hosting refuses a branch variable's value over 5,500 characters", async () => {
    const { amplify } = clientsFor(aws, { region: REGION });
    const refused = await failure(
      amplify.send(
        new UpdateBranchCommand({
          appId: APP,
          branchName: 'main',
          environmentVariables: { USER_POOL_GROUPS: 'x'.repeat(5501) },
        }),
      ),
    );
    expect(refused.name).toBe('BadRequestException');
  });
});
