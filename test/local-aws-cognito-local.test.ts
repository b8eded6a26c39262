// Cross-check: our Cognito user-pool answers against cognito-local, an independent emulator, through the same SDK.
// cognito-local is a devDependency; it runs as a child process because it keeps its data under its working directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '../local-aws/server.ts';
import type { State, UserPoolState } from '../local-aws/state.ts';

const installHint = 'cognito-local is not installed; add it with: npm i -D cognito-local@5.3.0';

function cognitoLocalEntry(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve('cognito-local/package.json');
    return join(dirname(manifest), 'lib', 'bin', 'start.js');
  } catch {
    throw new Error(installHint);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

/** cognito-local's data dir: one <poolId>.json per pool ({Options, Users, Groups}) plus clients.json. */
function writeCognitoLocalData(root: string, pools: UserPoolState[], state: State) {
  const db = join(root, '.cognito', 'db');
  mkdirSync(db, { recursive: true });
  const clients: Record<string, unknown> = {};
  for (const pool of pools) {
    const options = {
      Id: pool.id,
      Name: pool.name,
      Arn: `arn:aws:cognito-idp:us-east-1:${state.accountId}:userpool/${pool.id}`,
      Policies: pool.passwordPolicy ? { PasswordPolicy: pool.passwordPolicy } : {},
      AliasAttributes: pool.aliasAttributes.length > 0 ? pool.aliasAttributes : undefined,
      UsernameAttributes: pool.usernameAttributes.length > 0 ? pool.usernameAttributes : undefined,
      MfaConfiguration: pool.mfaConfiguration,
      Domain: pool.domain,
      UserPoolTags: pool.tags,
      CreationDate: iso(pool.createTime),
      LastModifiedDate: iso(pool.updateTime),
    };
    const groups = Object.fromEntries(
      pool.groups.map((group) => [
        group.groupName,
        {
          GroupName: group.groupName,
          Description: group.description,
          RoleArn: group.roleArn,
          Precedence: group.precedence,
          CreationDate: iso(group.createTime),
          LastModifiedDate: iso(group.createTime),
        },
      ]),
    );
    writeFileSync(
      join(db, `${pool.id}.json`),
      JSON.stringify({ Options: options, Users: {}, Groups: groups }),
    );
    for (const client of pool.clients) {
      clients[client.clientId] = {
        ClientId: client.clientId,
        ClientName: client.clientName,
        ClientSecret: client.clientSecret,
        UserPoolId: pool.id,
        CallbackURLs: client.callbackUrls.length > 0 ? client.callbackUrls : undefined,
        LogoutURLs: client.logoutUrls.length > 0 ? client.logoutUrls : undefined,
        SupportedIdentityProviders: client.supportedIdentityProviders,
        AllowedOAuthFlows: client.allowedOAuthFlows.length > 0 ? client.allowedOAuthFlows : undefined,
        AllowedOAuthScopes: client.allowedOAuthScopes.length > 0 ? client.allowedOAuthScopes : undefined,
        CreationDate: iso(client.createTime),
        LastModifiedDate: iso(client.createTime),
      };
    }
  }
  writeFileSync(join(db, 'clients.json'), JSON.stringify({ Clients: clients }));
}

/** Starts cognito-local as a child process and resolves once it logs its URL. */
function startCognitoLocal(root: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cognitoLocalEntry()], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // pino-pretty colours the line; the URL itself stays plain.
      const match = /running on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`cognito-local exited (${code}) before listening:\n${output}`)),
    );
  });
}

type Shape = string | Shape[] | { [key: string]: Shape };

/** Keys and value types, not values: what a client relies on when it reads an answer. */
function shapeOf(value: unknown): Shape {
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, member]) => key !== '$metadata' && member !== undefined)
        .map(([key, member]) => [key, shapeOf(member)]),
    );
  }
  return typeof value;
}

/** Lists every key cognito-local answers that we lack, and every shared key whose type differs. */
function shapeDifferences(ours: Shape, theirs: Shape, path = ''): string[] {
  if (typeof theirs === 'string' || typeof ours === 'string') {
    return shapeKind(ours) === shapeKind(theirs) && (typeof ours !== 'string' || ours === theirs)
      ? []
      : [`${path || '.'}: ours ${JSON.stringify(ours)}, cognito-local ${JSON.stringify(theirs)}`];
  }
  if (Array.isArray(theirs) || Array.isArray(ours)) {
    if (!Array.isArray(theirs) || !Array.isArray(ours)) return [`${path}: array in only one answer`];
    const [mine, other] = [ours[0], theirs[0]];
    return mine === undefined || other === undefined ? [] : shapeDifferences(mine, other, `${path}[]`);
  }
  const problems: string[] = [];
  for (const [key, member] of Object.entries(theirs)) {
    const mine = ours[key];
    if (mine === undefined) problems.push(`${path}.${key}: missing from ours`);
    else problems.push(...shapeDifferences(mine, member, `${path}.${key}`));
  }
  return problems;
}

function shapeKind(shape: Shape): string {
  return typeof shape === 'string' ? 'scalar' : Array.isArray(shape) ? 'array' : 'object';
}

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: failure.name, message: failure.message, status: failure.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

const prodPool = 'us-east-1_PrOd12345';
const legacyPool = 'us-east-1_LeGacy001';

let ours: LocalAws;
let cognitoLocal: ChildProcess | undefined;
let dataRoot: string;
let oursClient: CognitoIdentityProviderClient;
let theirsClient: CognitoIdentityProviderClient;

beforeAll(async () => {
  ours = await startLocalAws();
  dataRoot = mkdtempSync(join(tmpdir(), 'cognito-local-'));
  const pools = ours.state.regions['us-east-1']?.userPools ?? [];
  writeCognitoLocalData(dataRoot, pools, ours.state);
  const started = await startCognitoLocal(dataRoot, await freePort());
  cognitoLocal = started.child;
  const base = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
    maxAttempts: 1,
  };
  oursClient = new CognitoIdentityProviderClient({ ...base, endpoint: ours.url });
  theirsClient = new CognitoIdentityProviderClient({ ...base, endpoint: started.url });
}, 20_000);

afterAll(async () => {
  const child = cognitoLocal;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await ours?.close();
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
});

async function both<T>(send: (client: CognitoIdentityProviderClient) => Promise<T>): Promise<[T, T]> {
  return [await send(oursClient), await send(theirsClient)];
}

describe('cognito-local cross-check (same SDK, same seed)', () => {
  it('DescribeUserPool: every member cognito-local answers, we answer with the same type', async () => {
    for (const id of [prodPool, legacyPool, 'us-east-1_MkTg00001']) {
      const [mine, theirs] = await both((client) =>
        client.send(new DescribeUserPoolCommand({ UserPoolId: id })),
      );
      expect(shapeDifferences(shapeOf(mine), shapeOf(theirs))).toEqual([]);
      expect(mine.UserPool?.Policies?.PasswordPolicy).toEqual(theirs.UserPool?.Policies?.PasswordPolicy);
      expect(mine.UserPool?.AliasAttributes).toEqual(theirs.UserPool?.AliasAttributes);
      expect(mine.UserPool?.CreationDate).toEqual(theirs.UserPool?.CreationDate);
    }
  });

  it('DescribeUserPoolClient: same members, and a ClientSecret only where the client has one', async () => {
    for (const [pool, clientId] of [
      [prodPool, '4prodclient5example6abcdef'],
      [legacyPool, '7legacyclient8example9abcd'],
    ] as const) {
      const [mine, theirs] = await both((client) =>
        client.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: clientId })),
      );
      expect(shapeDifferences(shapeOf(mine), shapeOf(theirs))).toEqual([]);
      expect(mine.UserPoolClient?.ClientSecret).toEqual(theirs.UserPoolClient?.ClientSecret);
      expect(mine.UserPoolClient?.CallbackURLs).toEqual(theirs.UserPoolClient?.CallbackURLs);
    }
  });

  it('ListGroups and GetGroup answer the same groups', async () => {
    const [mine, theirs] = await both((client) =>
      client.send(new ListGroupsCommand({ UserPoolId: prodPool })),
    );
    expect(shapeDifferences(shapeOf(mine), shapeOf(theirs))).toEqual([]);
    expect(mine.Groups?.map((group) => [group.GroupName, group.RoleArn, group.Precedence])).toEqual(
      theirs.Groups?.map((group) => [group.GroupName, group.RoleArn, group.Precedence]),
    );
    const [one, other] = await both((client) =>
      client.send(new GetGroupCommand({ UserPoolId: prodPool, GroupName: 'ADMINS' })),
    );
    expect(shapeOf(one)).toEqual(shapeOf(other));
  });

  it('ListUserPools and ListUserPoolClients: same item shapes (the SDK keeps only modelled members)', async () => {
    const [pools, theirPools] = await both((client) =>
      client.send(new ListUserPoolsCommand({ MaxResults: 60 })),
    );
    expect(shapeDifferences(shapeOf(pools), shapeOf(theirPools))).toEqual([]);
    expect(pools.UserPools?.map((pool) => pool.Id).sort()).toEqual(
      theirPools.UserPools?.map((pool) => pool.Id).sort(),
    );
    const [clients, theirClients] = await both((client) =>
      client.send(new ListUserPoolClientsCommand({ UserPoolId: legacyPool })),
    );
    expect(clients.UserPoolClients).toEqual(theirClients.UserPoolClients);
  });

  it('a missing pool or client is a ResourceNotFoundException in both (the wording differs)', async () => {
    const missingPool = new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_Missing1' });
    const [mine, theirs] = [
      await errorOf(oursClient.send(missingPool)),
      await errorOf(theirsClient.send(missingPool)),
    ];
    expect([mine.name, mine.status]).toEqual(['ResourceNotFoundException', 400]);
    expect([theirs.name, theirs.status]).toEqual(['ResourceNotFoundException', 400]);
    // The wording is AWS's own; cognito-local words it differently, so only the type is compared.
    expect(mine.message).toBe('User pool us-east-1_Missing1 does not exist.');

    const missingClient = new DescribeUserPoolClientCommand({
      UserPoolId: prodPool,
      ClientId: 'nosuchclient',
    });
    const [myClientError, theirClientError] = [
      await errorOf(oursClient.send(missingClient)),
      await errorOf(theirsClient.send(missingClient)),
    ];
    expect(myClientError.name).toBe('ResourceNotFoundException');
    expect(theirClientError.name).toBe('ResourceNotFoundException');
  });
});
