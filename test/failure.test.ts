// The one classifier of AWS failures (src/aws/failure.ts): what kind each error the SDK throws is, whether a write
// that failed may still have been carried out, and the sentence the user reads. The errors are the SDK's own
// classes, built as its deserializers build them, and Node's network errors as its HTTP handler passes them on.
import {
  AmplifyServiceException,
  InternalFailureException,
  LimitExceededException,
  NotFoundException,
  UnauthorizedException,
} from '@aws-sdk/client-amplify';
import {
  NotAuthorizedException,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { NoSuchEntityException } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import {
  classifyAwsError,
  describeAwsFailure,
  type FailureKind,
  mayHaveLanded,
  readOrStop,
} from '../src/aws/failure.ts';
import { ActionError } from '../src/core/errors.ts';

const metadata = (httpStatusCode: number, attempts = 1) => ({ httpStatusCode, attempts, totalRetryDelay: 0 });
/** An error the service sent that the SDK has no class for: its name is the service's error code. */
const unmodeled = (name: string, httpStatusCode: number, message = `${name} message`) =>
  new AmplifyServiceException({ name, $fault: 'client', $metadata: metadata(httpStatusCode), message });
const network = (code: string, message: string) => Object.assign(new Error(message), { code });

const ERRORS: [string, unknown, FailureKind][] = [
  [
    'Amplify NotFoundException',
    new NotFoundException({ $metadata: metadata(404), message: 'gone' }),
    'not-found',
  ],
  [
    'Cognito ResourceNotFoundException',
    new ResourceNotFoundException({ $metadata: metadata(400), message: 'gone' }),
    'not-found',
  ],
  [
    'IAM NoSuchEntityException',
    new NoSuchEntityException({ $metadata: metadata(404), message: 'gone' }),
    'not-found',
  ],
  ['the IAM error code NoSuchEntity', unmodeled('NoSuchEntity', 404), 'not-found'],
  ['AccessDeniedException', unmodeled('AccessDeniedException', 403), 'denied'],
  ['the IAM error code AccessDenied', unmodeled('AccessDenied', 403), 'denied'],
  [
    'Amplify UnauthorizedException',
    new UnauthorizedException({ $metadata: metadata(401), message: 'no' }),
    'denied',
  ],
  [
    'Cognito NotAuthorizedException',
    new NotAuthorizedException({ $metadata: metadata(400), message: 'no' }),
    'denied',
  ],
  ['ExpiredTokenException', unmodeled('ExpiredTokenException', 403), 'credentials'],
  ['the STS error code ExpiredToken', unmodeled('ExpiredToken', 403), 'credentials'],
  ['InvalidClientTokenId', unmodeled('InvalidClientTokenId', 403), 'credentials'],
  ['UnrecognizedClientException', unmodeled('UnrecognizedClientException', 403), 'credentials'],
  ['InvalidSignatureException', unmodeled('InvalidSignatureException', 403), 'credentials'],
  ['SignatureDoesNotMatch', unmodeled('SignatureDoesNotMatch', 403), 'credentials'],
  [
    'no credentials at all',
    Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    }),
    'credentials',
  ],
  [
    'a credentials provider that found none',
    Object.assign(new Error('Unable to find environment variable credentials.'), {
      name: 'CredentialsProviderError',
    }),
    'credentials',
  ],
  [
    'a credentials failure told by its message',
    new Error('Could not load credentials from any providers'),
    'credentials',
  ],
  [
    'Cognito TooManyRequestsException',
    new TooManyRequestsException({ $metadata: metadata(400), message: 'slow down' }),
    'throttled',
  ],
  ['ThrottlingException', unmodeled('ThrottlingException', 400), 'throttled'],
  ['the IAM error code Throttling', unmodeled('Throttling', 400), 'throttled'],
  [
    'Amplify LimitExceededException',
    new LimitExceededException({ $metadata: metadata(429), message: 'quota' }),
    'throttled',
  ],
  ['any answer with status 429', unmodeled('SomethingElse', 429), 'throttled'],
  [
    'the SDK request timeout',
    Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }),
    'timeout',
  ],
  ['a socket timeout', network('ETIMEDOUT', 'connect ETIMEDOUT 127.0.0.1:443'), 'timeout'],
  [
    'an error named TimeoutError, whatever its message',
    Object.assign(new Error('no answer'), { name: 'TimeoutError' }),
    'timeout',
  ],
  ['the socket timeout code, whatever its message', network('ETIMEDOUT', 'connect failed'), 'timeout'],
  ['a message that says it timed out', new Error('Operation timed out'), 'timeout'],
  ['a message that says "time out"', new Error('Socket time out'), 'timeout'],
  ['a message that says "timedout"', new Error('connection timedout'), 'timeout'],
  ['a reset connection', network('ECONNRESET', 'read ECONNRESET'), 'reset'],
  ['a broken pipe', network('EPIPE', 'write EPIPE'), 'reset'],
  ['an aborted connection', network('ECONNABORTED', 'aborted'), 'reset'],
  ['a hung-up socket', new Error('socket hang up'), 'reset'],
  ['a refused connection', network('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'unreachable'],
  ['an unknown host', network('ENOTFOUND', 'getaddrinfo ENOTFOUND amplify.example'), 'unreachable'],
  ['a DNS failure', network('EAI_AGAIN', 'getaddrinfo EAI_AGAIN amplify.example'), 'unreachable'],
  ['no route to the host', network('EHOSTUNREACH', 'connect EHOSTUNREACH'), 'unreachable'],
  ['no network', network('ENETUNREACH', 'connect ENETUNREACH'), 'unreachable'],
  [
    'Amplify InternalFailureException',
    new InternalFailureException({ $metadata: metadata(500), message: 'oops' }),
    'server',
  ],
  ['any answer with status 503', unmodeled('ServiceUnavailable', 503), 'server'],
  ['a refusal of the request', unmodeled('BadRequestException', 400), 'refused'],
  ['another network error code', network('EPROTO', 'write EPROTO SSL routines'), 'refused'],
];

describe('classifyAwsError', () => {
  it.each(ERRORS)('%s is %s', (_, error, kind) => {
    expect(classifyAwsError(error).kind).toBe(kind);
  });

  it('keeps the service’s error name, message and status; a network failure shows its code', () => {
    expect(classifyAwsError(unmodeled('AccessDeniedException', 403, 'not allowed'))).toEqual({
      kind: 'denied',
      name: 'AccessDeniedException',
      message: 'not allowed',
      status: 403,
    });
    expect(classifyAwsError(network('ECONNRESET', 'read ECONNRESET'))).toEqual({
      kind: 'reset',
      name: 'ECONNRESET',
      message: 'read ECONNRESET',
      status: undefined,
    });
  });

  it('takes anything thrown, even what is not an error', () => {
    expect(classifyAwsError('a string')).toEqual({
      kind: 'refused',
      name: 'Error',
      message: 'a string',
      status: undefined,
    });
    expect(classifyAwsError(undefined)).toMatchObject({ kind: 'refused', message: 'undefined' });
  });
});

describe('mayHaveLanded: only failures after which the request may have been carried out', () => {
  it.each(ERRORS)('%s (%s)', (_, error, kind) => {
    expect(mayHaveLanded(classifyAwsError(error))).toBe(['timeout', 'reset', 'server'].includes(kind));
  });
});

describe('describeAwsFailure', () => {
  const ACTION = 'amplify:GetBranch';
  const WHAT = 'Amplify branch "main" of app d1exampleapp01 (us-east-1)';
  it.each([
    [
      unmodeled('AccessDeniedException', 403, 'not allowed'),
      `AWS denied ${ACTION} on ${WHAT} (AccessDeniedException: not allowed). Grant it to the role this workflow assumes; the README lists the policy.`,
    ],
    [
      unmodeled('ExpiredTokenException', 403, 'The security token included in the request is expired'),
      `The AWS credentials expired before ${ACTION} on ${WHAT} (ExpiredTokenException: The security token included in the request is expired). In a workflow, credentials from aws-actions/configure-aws-credentials last 1 hour by default: set its \`role-duration-seconds\` to cover this step's \`wait-minutes\` (within the role's maximum session duration), or lower \`wait-minutes\`. On your machine, sign in again (\`aws sso login\`, or your profile's way).`,
    ],
    [
      unmodeled('ExpiredToken', 403, 'Token has run out'),
      expect.stringMatching(/^The AWS credentials expired before /),
    ],
    [
      unmodeled('InvalidClientTokenId', 403, 'The security token included in the request is invalid.'),
      `No usable AWS credentials to call ${ACTION} (InvalidClientTokenId: The security token included in the request is invalid.). In a workflow, add aws-actions/configure-aws-credentials (OIDC) before this step; on your machine, sign in (\`aws sso login\`) or name a profile (\`--profile\`, AWS_PROFILE).`,
    ],
    [
      Object.assign(new Error('Request timed out'), { name: 'TimeoutError', $metadata: { attempts: 3 } }),
      `AWS did not answer ${ACTION} on ${WHAT} in time (3 attempts). Run it again; if it persists, check the endpoint and network.`,
    ],
    [
      Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }),
      `AWS did not answer ${ACTION} on ${WHAT} in time (1 attempt). Run it again; if it persists, check the endpoint and network.`,
    ],
    [
      new TooManyRequestsException({ $metadata: metadata(400, 10), message: 'Rate exceeded' }),
      `AWS kept throttling ${ACTION} on ${WHAT}, after retries (TooManyRequestsException: Rate exceeded). Run it again later, or ask for a higher request quota.`,
    ],
    [
      network('ECONNRESET', 'read ECONNRESET'),
      `The connection to AWS for ${ACTION} on ${WHAT} failed, after retries (ECONNRESET: read ECONNRESET). Run it again; if it persists, check the endpoint and network.`,
    ],
    [
      network('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
      `The connection to AWS for ${ACTION} on ${WHAT} failed, after retries (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1). Run it again; if it persists, check the endpoint and network.`,
    ],
    [
      new InternalFailureException({ $metadata: metadata(500), message: 'oops' }),
      `${ACTION} on ${WHAT} failed: InternalFailureException: oops`,
    ],
    [
      unmodeled('BadRequestException', 400, 'branchName is invalid'),
      `${ACTION} on ${WHAT} failed: BadRequestException: branchName is invalid`,
    ],
  ])('%#: %s', (error, message) => {
    expect(describeAwsFailure(error, ACTION, WHAT)).toEqual(message);
  });
});

describe('readOrStop', () => {
  const WHAT = 'user pool us-east-1_StAg12345';
  const fails = (error: unknown) => () => Promise.reject(error);
  const problems = async (body: () => Promise<unknown>) => {
    const error = await readOrStop('cognito-idp:DescribeUserPool', WHAT, body).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ActionError);
    return (error as ActionError).problems.map((problem) => problem.message);
  };

  it('answers what the read answers', async () => {
    await expect(readOrStop('cognito-idp:DescribeUserPool', WHAT, async () => 42)).resolves.toBe(42);
  });

  it('a resource that does not exist is said plainly', async () => {
    const gone = new ResourceNotFoundException({
      $metadata: metadata(400),
      message: 'User pool does not exist.',
    });
    expect(await problems(fails(gone))).toEqual([`${WHAT} does not exist (User pool does not exist.).`]);
  });

  it('any other failure names the action and the resource', async () => {
    expect(await problems(fails(unmodeled('AccessDeniedException', 403, 'not allowed')))).toEqual([
      `AWS denied cognito-idp:DescribeUserPool on ${WHAT} (AccessDeniedException: not allowed). Grant it to the role this workflow assumes; the README lists the policy.`,
    ]);
  });

  it('an ActionError from inside passes through as it is', async () => {
    const inner = new ActionError({ message: 'the answer has no UserPool' });
    await expect(readOrStop('cognito-idp:DescribeUserPool', WHAT, fails(inner))).rejects.toBe(inner);
  });
});
