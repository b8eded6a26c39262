// The reference `npm run bench` sets the action's apply against: the AWS calls an apply made, in the same rounds
// (every read at once, then the write, then the read-back), made with the AWS SDK alone, bundled as the action is
// (scripts/bundle.ts) and with no other work. The bench records the action's calls on the local AWS and passes them
// here in SDK_REFERENCE_ROUNDS; it checks that this program made the same calls. Only the commands an apply uses
// are imported, as in the action, so the bundle holds what the action's does of the SDK.
import { AmplifyClient, GetAppCommand, GetBranchCommand, UpdateBranchCommand } from '@aws-sdk/client-amplify';
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  ListIdentityProvidersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';

interface Call {
  service: string;
  operation: string;
  input: object;
}

// biome-ignore lint/suspicious/noExplicitAny: one table for every client and command; inputs come from the action
type Send = (operation: string, input: any) => Promise<unknown>;

function sender(
  client: { send(command: never): Promise<unknown> },
  commands: Record<string, new (input: never) => unknown>,
): Send {
  return (operation, input) => {
    const Command = commands[operation];
    if (!Command)
      throw new Error(`the SDK reference has no ${operation} command: add it to scripts/sdk-reference`);
    return client.send(new Command(input as never) as never);
  };
}

const services: Record<string, Send> = {
  amplify: sender(new AmplifyClient({}), {
    GetApp: GetAppCommand,
    GetBranch: GetBranchCommand,
    UpdateBranch: UpdateBranchCommand,
  }),
  'cognito-idp': sender(new CognitoIdentityProviderClient({}), {
    DescribeUserPool: DescribeUserPoolCommand,
    DescribeUserPoolClient: DescribeUserPoolClientCommand,
    ListIdentityProviders: ListIdentityProvidersCommand,
    GetGroup: GetGroupCommand,
  }),
  'cognito-identity': sender(new CognitoIdentityClient({}), {
    DescribeIdentityPool: DescribeIdentityPoolCommand,
    GetIdentityPoolRoles: GetIdentityPoolRolesCommand,
  }),
  iam: sender(new IAMClient({}), { GetRole: GetRoleCommand }),
};

const rounds = JSON.parse(process.env.SDK_REFERENCE_ROUNDS ?? '[]') as Call[][];
for (const round of rounds) {
  await Promise.all(
    round.map(({ service, operation, input }) => {
      const send = services[service];
      if (!send)
        throw new Error(`the SDK reference has no client for ${service}: add it to scripts/sdk-reference`);
      return send(operation, input);
    }),
  );
}
