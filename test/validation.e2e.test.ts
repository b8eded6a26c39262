// Validation, run as the GitHub runner runs the bundled action, against the local AWS: each check catches its
// mistake before anything is written, and `mode: check` catches drift later.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { State } from '../local-aws/state.ts';
import { type ActionRun, runActionForTest as runAction } from './support/action.ts';
import { type TestAws as LocalAws, record, startTestAws as startLocalAws } from './support/aws.ts';
import {
  annotations,
  annotationsWithPlace,
  summaryTable,
  summaryTables,
  summaryText,
} from './support/runner-log.ts';
import { PRODUCTION_IN_EUROPE, productionInEurope } from './support/sample.ts';

const APP = 'd1exampleapp01';
const SAMPLE = readFileSync('sample/amplify-auth.yml', 'utf8');
const PROD_POOL = 'us-east-1_PrOd12345';
const PROD_IDENTITY_POOL = 'us-east-1:11111111-1111-4111-8111-111111111111';
const PROD_CLIENT = '4prodclient5example6abcdef';
const PROD_AUTH = 'arn:aws:iam::111122223333:role/amplify-auth-production-auth';
const PROD_UNAUTH = 'arn:aws:iam::111122223333:role/amplify-auth-production-unauth';

let aws: LocalAws;
beforeEach(async () => {
  aws = await startLocalAws();
});
afterEach(async () => {
  await aws.close();
});

const snapshot = () => JSON.stringify(aws.state.branch(APP, 'main'));
const userPool = (state: State) => state.userPool(PROD_POOL) as NonNullable<ReturnType<State['userPool']>>;
const identityPool = (state: State) =>
  state.identityPool(PROD_IDENTITY_POOL) as NonNullable<ReturnType<State['identityPool']>>;
const role = (state: State, name: string) => state.role(name) as NonNullable<ReturnType<State['role']>>;

function pushMain(inputs: Record<string, string> = {}, config = SAMPLE): Promise<ActionRun> {
  return runAction({
    inputs: { 'app-id': APP, ...inputs },
    event: { name: 'push', ref: 'refs/heads/main' },
    awsEnv: aws.env(),
    files: { '.github/amplify-auth.yml': config },
  });
}

const errorsOf = (run: ActionRun) => annotations(run.stdout);
/** The checks table of the summary: title → [result, details]. */
const checksOf = (run: ActionRun) =>
  Object.fromEntries(
    summaryTable(run.summary, 'Check').map(([title, status, details]) => [title, [status, details]]),
  );
const operations = () =>
  aws.requests.reduce<Record<string, number>>((counts, { operation }) => {
    counts[operation] = (counts[operation] ?? 0) + 1;
    return counts;
  }, {});

/** Runs the push with one mistake, and checks what every failed validation must do. */
async function expectCaught(
  run: () => Promise<ActionRun>,
  check: string,
  message: string,
): Promise<ActionRun> {
  const before = snapshot();
  const result = await run();
  expect(result.exitCode).toBe(1);
  const errors = errorsOf(result);
  expect(errors).toContainEqual(expect.stringContaining(`${check} check: ${message}`));
  expect(checksOf(result)[check]?.[0]).toBe('❌ fail');
  expect(checksOf(result)[check]?.[1]).toContain(message);
  expect(summaryText(result.summary)).toMatch(
    /Not written: \d+ checks? failed; nothing was written to the Amplify branch\./,
  );
  expect(operations().UpdateBranch).toBeUndefined();
  expect(snapshot()).toBe(before);
  return result;
}

describe('a correctly wired environment', () => {
  it('passes every check and is written, with a bounded number of AWS calls', async () => {
    const result = await pushMain();
    expect(result.exitCode).toBe(0);
    expect(summaryTable(result.summary, 'Check').map(([, status]) => status)).not.toContainEqual(
      expect.stringMatching(/❌|⚠️/),
    );
    expect(checksOf(result)['Role trust policies']?.[0]).toBe('✅ pass');
    expect(summaryText(result.summary)).toContain('the branch holds exactly the validated values');
    // Every resource read once; the branch read with the checks, and after the write.
    expect(operations()).toEqual({
      GetApp: 1,
      GetBranch: 2,
      UpdateBranch: 1,
      DescribeUserPool: 1,
      ListIdentityProviders: 1,
      DescribeUserPoolClient: 1,
      GetGroup: 1,
      DescribeIdentityPool: 1,
      GetIdentityPoolRoles: 1,
      GetRole: 3,
    });
  });

  it('sends every read at once: the longest chain is validation, then write and read back', async () => {
    await aws.close();
    // Each answer is held back, so requests sent together are all still open when the first is answered.
    aws = await startLocalAws({ latencyMs: 300 });
    const openWhenAnswered: number[] = [];
    aws.faults.push({
      kind: 'mutate',
      when: 'before',
      apply: () => openWhenAnswered.push(aws.requests.filter((request) => request.status === 0).length),
    });
    expect((await pushMain()).exitCode).toBe(0);
    // 11 reads in one round trip (GetApp, GetBranch, 6 Cognito, 3 IAM), then UpdateBranch, GetBranch.
    expect(openWhenAnswered.slice(0, 11)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(openWhenAnswered.slice(11)).toEqual([1, 1]);
  });

  it('reads each resource once again on a rerun, and writes nothing', async () => {
    await pushMain();
    aws.requests.length = 0;
    const result = await pushMain();
    expect(result.outputs.changed).toBe('false');
    expect(aws.requests).toHaveLength(11);
    expect(operations().UpdateBranch).toBeUndefined();
  });
});

describe('each check, before anything is written', () => {
  it('region: resources outside the Amplify app region', async () => {
    const inEurope = SAMPLE.replace(`userPoolId: ${PROD_POOL}`, 'userPoolId: eu-west-1_EuRoPe001').replace(
      `identityPoolId: ${PROD_IDENTITY_POOL}`,
      'identityPoolId: eu-west-1:66666666-6666-4666-8666-666666666666',
    );
    await expectCaught(
      () => pushMain({}, inEurope),
      'Region and account',
      'User pool eu-west-1_EuRoPe001 is in eu-west-1, but the Amplify app is in us-east-1',
    );
  });

  it("region: a pool that exists in its own region is read there, not looked for in the app's", async () => {
    const inEurope = productionInEurope(aws.state);
    const result = await expectCaught(
      () => pushMain({}, inEurope),
      'Region and account',
      `User pool ${PRODUCTION_IN_EUROPE.USER_POOL_ID} is in eu-west-1, but the Amplify app is in us-east-1`,
    );
    expect(checksOf(result)['User pool']?.[0]).toBe('✅ pass');
    expect(checksOf(result)['Identity pool provider']?.[0]).toBe('✅ pass');
    expect(new Set(aws.requests.filter((r) => r.service.startsWith('cognito')).map((r) => r.region))).toEqual(
      new Set(['eu-west-1']),
    );
  });

  it('region: an identity pool in another region, with the user pool in the app region', async () => {
    // The production identity pool as it would be if created in eu-west-1, trusting the us-east-1 user pool. The
    // user pool is found by name (in the app's region), so the file alone cannot tell the regions apart; a protected
    // environment would have to give it, so production is not protected here.
    const identity = structuredClone(identityPool(aws.state));
    identity.id = 'eu-west-1:88888888-8888-4888-8888-888888888888';
    aws.state.region('eu-west-1').identityPools.push(identity);
    expect(SAMPLE).toContain('    protected: true\n');
    const identityElsewhere = SAMPLE.replace('    protected: true\n', '')
      .replace(`userPoolId: ${PROD_POOL}`, 'userPool: { name: amplify-auth-production }')
      .replace(`identityPoolId: ${PROD_IDENTITY_POOL}`, `identityPoolId: ${identity.id}`);
    const result = await expectCaught(
      () => pushMain({}, identityElsewhere),
      'Region and account',
      `Identity pool ${identity.id} is in eu-west-1, but the Amplify app is in us-east-1: referenceAuth can only use resources in the app's region.`,
    );
    expect(checksOf(result)['Region and account']?.[1]).not.toContain(`User pool ${PROD_POOL}`);
    expect(checksOf(result)['User pool']?.[0]).toBe('✅ pass');
    expect(checksOf(result)['Identity pool provider']?.[0]).toBe('✅ pass');
  });

  it('account: a role from another account', async () => {
    const otherAccount = SAMPLE.replace(
      PROD_UNAUTH,
      'arn:aws:iam::999988887777:role/amplify-auth-production-unauth',
    );
    await expectCaught(
      () => pushMain({}, otherAccount),
      'Region and account',
      'Role arn:aws:iam::999988887777:role/amplify-auth-production-unauth (unauthRoleArn) is in account 999988887777, but the Amplify app is in account 111122223333',
    );
  });

  it('user pool: does not exist', async () => {
    const result = await expectCaught(
      () => pushMain({}, SAMPLE.replace(`userPoolId: ${PROD_POOL}`, 'userPoolId: us-east-1_NoSuchPool')),
      'User pool',
      'User pool us-east-1_NoSuchPool does not exist (User pool us-east-1_NoSuchPool does not exist.). Check userPoolId',
    );
    expect(checksOf(result)['App client']).toEqual([
      '⏭️ skipped',
      'Not checked: the user pool could not be read.',
    ]);
  });

  it('user pool: no password policy', async () => {
    userPool(aws.state).passwordPolicy = null;
    const result = await expectCaught(
      () => pushMain(),
      'User pool',
      `User pool ${PROD_POOL} has no password policy`,
    );
    expect(errorsOf(result)[0]).toContain(
      '(Caught now: referenceAuth fails the deploy when the user pool is missing',
    );
  });

  it('user pool: alias attributes', async () => {
    userPool(aws.state).aliasAttributes = ['email'];
    await expectCaught(() => pushMain(), 'User pool', `User pool ${PROD_POOL} uses alias attributes (email)`);
  });

  it('external sign-in: a provider without a domain or client URLs', async () => {
    userPool(aws.state).identityProviders.push({
      providerName: 'Google',
      providerType: 'Google',
      createTime: 1,
    });
    const result = await expectCaught(
      () => pushMain(),
      'External sign-in',
      'The user pool has external identity providers (Google) but no domain.',
    );
    expect(errorsOf(result)).toContainEqual(
      expect.stringContaining(`app client ${PROD_CLIENT} lacks callback URLs and sign-out URLs`),
    );
  });

  it('external sign-in: providers on later pages are read too', async () => {
    await aws.close();
    aws = await startLocalAws({ maxPageSize: 1 });
    for (const name of ['Google', 'Facebook', 'Okta']) {
      userPool(aws.state).identityProviders.push({ providerName: name, providerType: name, createTime: 1 });
    }
    await expectCaught(
      () => pushMain(),
      'External sign-in',
      'The user pool has external identity providers (Google, Facebook, Okta) but no domain.',
    );
    expect(operations().ListIdentityProviders).toBe(3);
  });

  it('app client: not a client of the pool', async () => {
    await expectCaught(
      () => pushMain({}, SAMPLE.replace(PROD_CLIENT, '4stagclient5example6abcdef')),
      'App client',
      `App client 4stagclient5example6abcdef in user pool ${PROD_POOL} does not exist`,
    );
  });

  it('app client: has a secret, which is never shown', async () => {
    const secret = 'prod-client-secret-value-never-logged';
    const client = userPool(aws.state).clients.find((c) => c.clientId === PROD_CLIENT);
    if (client) client.clientSecret = secret;
    const result = await expectCaught(
      () => pushMain(),
      'App client',
      `App client ${PROD_CLIENT} has a client secret`,
    );
    expect(errorsOf(result)[0]).toContain('"not configured as a web client"');
    // The annotation sits on the line of userPoolClientId, so it shows in the pull request's diff of the file.
    expect(result.stdout).toContain('::error file=.github/amplify-auth.yml,line=8,col=23::App client check:');
    expect(result.stdout + result.stderr + result.summary + JSON.stringify(result.outputs)).not.toContain(
      secret,
    );
  });

  it('identity pool: lists another client for the user pool', async () => {
    const provider = identityPool(aws.state).cognitoProviders[0];
    if (provider) provider.clientId = '4stagclient5example6abcdef';
    await expectCaught(
      () => pushMain(),
      'Identity pool provider',
      `Identity pool ${PROD_IDENTITY_POOL} has no Cognito provider cognito-idp.us-east-1.amazonaws.com/${PROD_POOL} with client ${PROD_CLIENT}; it lists: cognito-idp.us-east-1.amazonaws.com/${PROD_POOL} (client 4stagclient5example6abcdef)`,
    );
  });

  it('identity pool: does not exist', async () => {
    const missing = 'us-east-1:99999999-9999-4999-8999-999999999999';
    const result = await expectCaught(
      () => pushMain({}, SAMPLE.replace(PROD_IDENTITY_POOL, missing)),
      'Identity pool provider',
      `Identity pool ${missing} does not exist`,
    );
    expect(checksOf(result)['Identity pool roles']?.[0]).toBe('⏭️ skipped');
  });

  it('identity pool roles: no unauthenticated role attached', async () => {
    identityPool(aws.state).roles.unauthenticated = undefined;
    await expectCaught(
      () => pushMain(),
      'Identity pool roles',
      `Identity pool ${PROD_IDENTITY_POOL} has no unauthenticated role, but unauthRoleArn is ${PROD_UNAUTH}. Attach it to the identity pool (referenceAuth needs it even with guest access off).`,
    );
  });

  it('identity pool roles: a different authenticated role', async () => {
    identityPool(aws.state).roles.authenticated = 'arn:aws:iam::111122223333:role/amplify-auth-staging-auth';
    await expectCaught(
      () => pushMain(),
      'Identity pool roles',
      `Identity pool ${PROD_IDENTITY_POOL} uses arn:aws:iam::111122223333:role/amplify-auth-staging-auth for authenticated identities, but authRoleArn is ${PROD_AUTH}`,
    );
  });

  it('groups: a group with another role', async () => {
    const group = userPool(aws.state).groups.find((g) => g.groupName === 'ADMINS');
    if (group) group.roleArn = PROD_AUTH;
    await expectCaught(
      () => pushMain(),
      'Groups',
      `Group ADMINS in user pool ${PROD_POOL} has role ${PROD_AUTH}, but the file gives arn:aws:iam::111122223333:role/amplify-auth-production-admins`,
    );
  });

  it('groups: a group that does not exist', async () => {
    userPool(aws.state).groups = [];
    await expectCaught(() => pushMain(), 'Groups', `Group ADMINS in user pool ${PROD_POOL} does not exist`);
  });

  it('role trust: a role that trusts another identity pool', async () => {
    const trust = JSON.stringify(role(aws.state, 'amplify-auth-production-auth').trustPolicy).replace(
      PROD_IDENTITY_POOL,
      'us-east-1:22222222-2222-4222-8222-222222222222',
    );
    role(aws.state, 'amplify-auth-production-auth').trustPolicy = JSON.parse(trust);
    await expectCaught(
      () => pushMain(),
      'Role trust policies',
      `Role ${PROD_AUTH} (authRoleArn) does not limit cognito-identity.amazonaws.com:aud to ${PROD_IDENTITY_POOL}`,
    );
  });

  /** Production's guests' role made to trust signed-in identities only. */
  const unauthTrustsSignedInOnly = () => {
    const trust = JSON.stringify(role(aws.state, 'amplify-auth-production-unauth').trustPolicy).replace(
      '"unauthenticated"',
      '"authenticated"',
    );
    role(aws.state, 'amplify-auth-production-unauth').trustPolicy = JSON.parse(trust);
  };

  it('role trust: an unauthenticated role that only trusts signed-in identities, on a pool that lets guests in', async () => {
    identityPool(aws.state).allowUnauthenticated = true;
    unauthTrustsSignedInOnly();
    const result = await expectCaught(
      () => pushMain(),
      'Role trust policies',
      `Role ${PROD_UNAUTH} (unauthRoleArn) limits cognito-identity.amazonaws.com:amr to values that exclude "unauthenticated"`,
    );
    // Annotated at the line that gives that role, not at authRoleArn.
    expect(annotationsWithPlace(result.stdout)[0]?.properties).toMatchObject({ line: '11', col: '20' });
  });

  it('role trust: the same role on a pool with guest access off is a warning, and the values are written', async () => {
    expect(identityPool(aws.state).allowUnauthenticated).toBe(false);
    unauthTrustsSignedInOnly();
    const result = await pushMain();
    expect(result.exitCode).toBe(0);
    expect(checksOf(result)['Role trust policies']?.[0]).toBe('⚠️ warning');
    expect(annotations(result.stdout, 'warning')).toContainEqual(
      expect.stringContaining(
        'does not allow guests (unauthenticated identities), so no one assumes this role now, but once guest access is turned on, guest sign-in fails',
      ),
    );
    expect(operations().UpdateBranch).toBe(1);
  });

  it('role trust: a role that does not exist', async () => {
    aws.state.roles = aws.state.roles.filter((r) => r.roleName !== 'amplify-auth-production-admins');
    const result = await expectCaught(
      () => pushMain(),
      'Role trust policies',
      'Role arn:aws:iam::111122223333:role/amplify-auth-production-admins (group ADMINS) does not exist',
    );
    expect(annotationsWithPlace(result.stdout)[0]?.properties.line).toBe('13'); // the groups map
  });

  it('sharing: two environments using one role', async () => {
    const shared = SAMPLE.replace(
      'arn:aws:iam::111122223333:role/amplify-auth-development-unauth',
      PROD_UNAUTH,
    );
    await expectCaught(
      () => pushMain({}, shared),
      'Not shared with other environments',
      `${PROD_UNAUTH} is used by both "production" and "development"`,
    );
    const allowed = `sharedResources:\n  - ${PROD_UNAUTH}\n${shared}`;
    expect((await pushMain({}, allowed)).exitCode).toBe(0);
  });
});

describe('a missing Amplify branch', () => {
  it('is reported together with every failed check', async () => {
    const devPool = aws.state.userPool('us-east-1_DeV12345x');
    if (devPool) devPool.passwordPolicy = null;
    const result = await runAction({
      inputs: { 'app-id': APP },
      event: { name: 'push', ref: 'refs/heads/feature/new' },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': SAMPLE },
    });
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result)).toEqual([
      expect.stringMatching(
        /^Amplify branch "feature\/new" of app d1exampleapp01 \(us-east-1\) does not exist/,
      ),
      expect.stringMatching(/^User pool check: User pool us-east-1_DeV12345x has no password policy/),
    ]);
    expect(summaryText(result.summary)).toContain('nothing was written to the Amplify branch.');
    expect(checksOf(result)['User pool']?.[1]).toMatch(
      /^User pool us-east-1_DeV12345x has no password policy\./,
    );
  });
});

describe('group reads', () => {
  // Cognito's quota is 5 a second for one pool; the action keeps a fifth below it, at 4, so that even a quota of 4
  // (counted as requests arrive, in any one-second window) never refuses one.
  it.each([
    ["Cognito's quota", 5],
    ["the action's own pace, a fifth below it", 4],
  ])('stay within %s, %i a second for one pool: twelve groups, none throttled', async (_, perSecond) => {
    await aws.close();
    aws = await startLocalAws({ rateLimits: { 'cognito-idp:GetGroup': { perSecond, per: 'pool' } } });
    const groups = Array.from({ length: 12 }, (_, i) => `      G${i}: ${PROD_AUTH}`).join('\n');
    const file = SAMPLE.replace(
      '      ADMINS: arn:aws:iam::111122223333:role/amplify-auth-production-admins',
      groups,
    );
    for (let i = 0; i < 12; i++)
      userPool(aws.state).groups.push({ groupName: `G${i}`, roleArn: PROD_AUTH, createTime: 0 });
    const result = await pushMain({}, file);
    expect(result.exitCode).toBe(0);
    const statuses = aws.requests.filter((r) => r.operation === 'GetGroup').map((r) => r.status);
    // Every group read once, and Cognito never had to refuse one.
    expect(statuses).toEqual(Array(12).fill(200));
  });

  it('identity-provider pages keep the same pace, 4 a second for one pool: twelve pages, none throttled', async () => {
    await aws.close();
    aws = await startLocalAws({
      maxPageSize: 1,
      rateLimits: { 'cognito-idp:ListIdentityProviders': { perSecond: 4, per: 'pool' } },
    });
    for (let i = 0; i < 12; i++)
      userPool(aws.state).identityProviders.push({
        providerName: `Okta${i}`,
        providerType: 'OIDC',
        createTime: 1,
      });
    await pushMain();
    const statuses = aws.requests.filter((r) => r.operation === 'ListIdentityProviders').map((r) => r.status);
    expect(statuses).toEqual(Array(12).fill(200));
  });
});

describe('a wrong app ID', () => {
  it('is one message: the app does not exist in that region, not also "connect the branch"', async () => {
    const result = await pushMain({ 'app-id': 'd9nosuchapp' });
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result)).toEqual([
      'Amplify app d9nosuchapp (us-east-1) does not exist. Check the `app-id` input and the `region` (or AWS_REGION) it is looked up in.',
    ]);
    expect(checksOf(result)['Region and account']).toEqual([
      '⏭️ skipped',
      'Not checked: the Amplify app could not be read.',
    ]);
  });
});

describe('what validation does not stop', () => {
  it('warns and carries on when iam:GetRole is denied', async () => {
    aws.state.deny.push('iam:GetRole');
    const result = await pushMain();
    expect(result.exitCode).toBe(0);
    const [first] = annotationsWithPlace(result.stdout, 'warning');
    expect(first?.properties).toMatchObject({ file: '.github/amplify-auth.yml', line: '10', col: '18' });
    expect(first?.message).toMatch(
      new RegExp(
        `^Role trust policies check: Role ${PROD_AUTH.replace(/[/]/g, '\\/')} was not checked: iam:GetRole was denied \\(iam:GetRole: User: .* is not authorized to perform: iam:GetRole .*\\)\\. Grant iam:GetRole, or set check-roles: false\\.$`,
      ),
    );
    expect(checksOf(result)['Role trust policies']?.[0]).toBe('⚠️ warning');
    expect(aws.state.branchVariables(APP, 'main')).toMatchObject({ USER_POOL_ID: PROD_POOL });
  });

  it('skips the role checks, and iam:GetRole, when check-roles is false', async () => {
    const result = await pushMain({ 'check-roles': 'false' });
    expect(result.exitCode).toBe(0);
    expect(checksOf(result)['Role trust policies']).toEqual([
      '⏭️ skipped',
      'Turned off by the `check-roles` input.',
    ]);
    expect(operations().GetRole).toBeUndefined();
  });
});

describe('several mistakes', () => {
  it('are all reported in one run', async () => {
    userPool(aws.state).passwordPolicy = null;
    identityPool(aws.state).roles.unauthenticated = undefined;
    const client = userPool(aws.state).clients.find((c) => c.clientId === PROD_CLIENT);
    if (client) client.clientSecret = 'several-mistakes-client-secret';
    const before = snapshot();
    const result = await pushMain();
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result).map((line) => line.slice(0, line.indexOf(' check:')))).toEqual([
      'User pool',
      'App client',
      'Identity pool roles',
    ]);
    expect(summaryText(result.summary)).toContain('Not written: 3 checks failed');
    expect(snapshot()).toBe(before);
  });
});

describe('mode: check', () => {
  it('passes when the branch holds the validated values', async () => {
    await pushMain();
    aws.requests.length = 0;
    const result = await pushMain({ mode: 'check' });
    expect(result.exitCode).toBe(0);
    expect(summaryText(result.summary)).toContain(
      'In sync: the branch holds exactly the validated values; nothing was written.',
    );
    expect(operations().UpdateBranch).toBeUndefined();
  });

  it('fails on a branch that differs from the environment, writing nothing', async () => {
    await pushMain();
    aws.state.addBranchVariables(APP, 'main', { USER_POOL_ID: 'us-east-1_Edited' });
    const before = snapshot();
    const result = await pushMain({ mode: 'check' });
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result)).toEqual([
      `Drift on Amplify branch main: USER_POOL_ID is "us-east-1_Edited", but environment production says "${PROD_POOL}". Run the workflow in apply mode to write the environment again.`,
    ]);
    expect(summaryTables(result.summary).map((table) => table[0])).toContainEqual([
      'Variable',
      'On the branch',
      'Environment',
      '',
    ]);
    expect(summaryText(result.summary)).toContain('Drift: the branch differs from the validated environment');
    expect(snapshot()).toBe(before);
    expect(result.outputs.changed).toBe('false');
  });

  it('fails when AWS changed under an unchanged branch', async () => {
    await pushMain();
    const provider = identityPool(aws.state).cognitoProviders[0];
    if (provider) provider.clientId = '4stagclient5example6abcdef';
    const before = snapshot();
    const result = await pushMain({ mode: 'check' });
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result)).toEqual([
      expect.stringMatching(/^Identity pool provider check: Identity pool .* has no Cognito provider/),
    ]);
    expect(snapshot()).toBe(before);
  });
});

describe('values Amplify would refuse', () => {
  const STAGING_POOL = 'us-east-1_StAg12345';
  /** 70 groups with roles on a long path: `groups: all` makes a USER_POOL_GROUPS value over 5,500 characters. */
  function manyGroups(state: State): Record<string, string> {
    const pool = state.userPool(STAGING_POOL);
    if (!pool) throw new Error('seed: no staging pool');
    const groups: Record<string, string> = {};
    for (let i = 0; i < 70; i++) {
      const name = `store-${String(i).padStart(2, '0')}-editors`;
      const roleArn = `arn:aws:iam::111122223333:role/amplify-auth/staging/groups/${name}-role`;
      pool.groups.push({ groupName: name, roleArn, createTime: 0 });
      groups[name] = roleArn;
    }
    for (const group of pool.groups) groups[group.groupName] = group.roleArn ?? '';
    return groups;
  }
  const pushStaging = (inputs: Record<string, string>) =>
    runAction({
      inputs: { 'app-id': APP, 'check-roles': 'false', ...inputs },
      event: { name: 'push', ref: 'refs/heads/staging' },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': SAMPLE },
    });

  it.each([
    ['apply', {}],
    ['dry-run', { 'dry-run': 'true' }],
    ['check', { mode: 'check' }],
  ])('a groups value over 5,500 characters is refused before any write (%s)', async (_, inputs) => {
    const length = JSON.stringify(manyGroups(aws.state)).length;
    expect(length).toBeGreaterThan(5500);
    const before = JSON.stringify(aws.state.branch(APP, 'staging'));
    const result = await pushStaging(inputs);
    expect(result.exitCode).toBe(1);
    const message = `Variable sizes check: USER_POOL_GROUPS would be ${length.toLocaleString('en-US')} characters long, but Amplify allows at most 5,500 in a branch variable's value and would refuse the write. It holds all 71 groups of the pool that have a role (\`groups: all\`): list only the groups the app needs under \`groups\` instead (their names, or names and role ARNs).`;
    const [found] = annotationsWithPlace(result.stdout).filter((error) => error.message.startsWith(message));
    // At the line that asks for every group.
    expect(found?.properties).toMatchObject({ file: '.github/amplify-auth.yml', line: '19' });
    expect(checksOf(result)['Variable sizes']?.[0]).toBe('❌ fail');
    expect(operations().UpdateBranch).toBeUndefined();
    expect(operations().CreateBranch).toBeUndefined();
    expect(JSON.stringify(aws.state.branch(APP, 'staging'))).toBe(before);
  });

  it('the CLI refuses it too, printing no values', async () => {
    const length = JSON.stringify(manyGroups(aws.state)).length;
    const project = mkdtempSync(join(tmpdir(), 'project-'));
    writeFileSync(join(project, 'amplify-auth.yml'), SAMPLE);
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (done) =>
        execFile(
          process.execPath,
          [
            join(process.cwd(), 'src/cli.ts'),
            'env',
            '--environment',
            'staging',
            '--config',
            'amplify-auth.yml',
          ],
          { cwd: project, env: { PATH: process.env.PATH, ...aws.env() } },
          (error, out, err) => {
            record('run', { stdout: out, stderr: err, outputFile: '', summary: '' });
            done({
              code: error ? Number((error as { code?: number }).code ?? 1) : 0,
              stdout: out,
              stderr: err,
            });
          },
        ),
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `amplify-auth.yml:19:13: Variable sizes check: USER_POOL_GROUPS would be ${length.toLocaleString('en-US')} characters long, but Amplify allows at most 5,500`,
    );
  });
});
