// Real SDK v3 clients aimed at a local AWS endpoint, and what the local-aws suites assert about their failures.
import { AmplifyClient } from '@aws-sdk/client-amplify';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import type { LocalAws, RecordedRequest } from '../../local-aws/server.ts';

export const credentials = { accessKeyId: 'AKIALOCALTEST', secretAccessKey: 'local-test-secret' };

export interface ClientOptions {
  region?: string;
  /** 3 by default; 1 to see exactly what the first answer was. */
  maxAttempts?: number;
  requestTimeout?: number;
}

/** The client configuration: retries (if any) wait zero ms so faults cost no time. */
export function clientConfig(aws: LocalAws, options: ClientOptions = {}) {
  return {
    endpoint: aws.url,
    region: options.region ?? 'us-east-1',
    credentials,
    retryStrategy: new ConfiguredRetryStrategy(options.maxAttempts ?? 3, () => 0),
    // requestTimeout alone only logs a warning in @smithy/node-http-handler 4.x; it must be told to throw.
    ...(options.requestTimeout
      ? { requestHandler: { requestTimeout: options.requestTimeout, throwOnRequestTimeout: true } }
      : {}),
  };
}

/** One client per service the local AWS answers. */
export function clientsFor(aws: LocalAws, options: ClientOptions = {}) {
  const config = clientConfig(aws, options);
  return {
    amplify: new AmplifyClient(config),
    idp: new CognitoIdentityProviderClient(config),
    identity: new CognitoIdentityClient(config),
    iam: new IAMClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
  };
}

export interface SdkError extends Error {
  code?: string;
  $metadata: { httpStatusCode?: number; attempts?: number };
  $fault?: string;
}

/** The error a call fails with; throws if it succeeds. */
export async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

export function lastRequest(aws: LocalAws): RecordedRequest {
  const request = aws.requests.at(-1);
  if (!request) throw new Error('no request recorded');
  return request;
}

/** A syntactically complete SigV4 header; the endpoint reads the scope and never checks the signature. */
export function sigv4(region: string, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=AKIALOCALTEST/20260101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}
