// The three wire protocols: which service and operation a request is for, and how answers and errors look.
import { randomUUID } from 'node:crypto';
import { ServiceError } from './errors.ts';
import { toXml, type XmlValue } from './xml.ts';

/** Services by their SigV4 signing name (`tagging` is the Resource Groups Tagging API; its IAM prefix is `tag`). */
export type ServiceName = 'amplify' | 'cognito-idp' | 'cognito-identity' | 'iam' | 'sts' | 'tagging';

export interface ParsedRequest {
  service: ServiceName;
  operation: string;
  input: Record<string, unknown>;
  /** From the SigV4 credential scope. */
  region: string;
  /** The access key the request was signed with (the credential's first part); empty when unsigned. */
  accessKeyId: string;
  /** Set when the request cannot be handled at all (no signature, unreadable body). */
  rejection?: ServiceError;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const jsonTargets: Record<string, ServiceName> = {
  AWSCognitoIdentityProviderService: 'cognito-idp',
  AWSCognitoIdentityService: 'cognito-identity',
  // Signed for service `tagging`, `X-Amz-Target: ResourceGroupsTaggingAPI_20170126.GetResources` (as botocore logs show:
  // github.com/boto/boto3/issues/2600).
  ResourceGroupsTaggingAPI_20170126: 'tagging',
};

const queryVersions: Record<string, ServiceName> = { '2010-05-08': 'iam', '2011-06-15': 'sts' };

const xmlNamespaces: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

export const defaultRegion = 'us-east-1';

interface Scope {
  accessKeyId: string;
  region: string;
  service: string;
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=…, Signature=…` */
function credentialScope(authorization: string): Scope | undefined {
  const match = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/.exec(authorization);
  if (!match || !/SignedHeaders=/.test(authorization) || !/Signature=/.test(authorization)) return undefined;
  return { accessKeyId: match[1] ?? '', region: match[2] ?? defaultRegion, service: match[3] ?? '' };
}

/**
 * What real endpoints answer to an unsigned or badly signed request (signatures themselves are not checked).
 * Coral JSON services and API-Gateway-style REST services answer MissingAuthenticationTokenException, query
 * services MissingAuthenticationToken; a header without a credential scope is an IncompleteSignature.
 */
function authProblem(service: ServiceName, authorization: string | undefined): ServiceError | undefined {
  const query = service === 'iam' || service === 'sts';
  if (!authorization) {
    if (query)
      return new ServiceError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
    if (service === 'amplify')
      return new ServiceError('MissingAuthenticationTokenException', 403, 'Missing Authentication Token');
    return new ServiceError(
      'MissingAuthenticationTokenException',
      400,
      'Request is missing Authentication Token',
    );
  }
  if (credentialScope(authorization)) return undefined;
  const message = `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${authorization.split(' ')[0]}`;
  if (query) return new ServiceError('IncompleteSignature', 400, message);
  return new ServiceError('IncompleteSignatureException', service === 'amplify' ? 403 : 400, message);
}

export interface RestRoute {
  operation: string;
  input: Record<string, unknown>;
  rejection?: ServiceError;
}

export interface IncomingParts {
  method: string;
  /** Raw path and query, still percent-encoded. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function header(parts: IncomingParts, name: string): string | undefined {
  const value = parts.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Identifies the service and operation; Amplify's REST routes are resolved by the caller-supplied router. */
export function parseRequest(
  parts: IncomingParts,
  routeRest: (method: string, path: string, query: URLSearchParams, body: string) => RestRoute,
): ParsedRequest {
  const authorization = header(parts, 'authorization');
  const scope = authorization ? credentialScope(authorization) : undefined;
  const region = scope?.region ?? defaultRegion;
  const accessKeyId = scope?.accessKeyId ?? '';
  const target = header(parts, 'x-amz-target');
  const contentType = header(parts, 'content-type') ?? '';

  if (target !== undefined) {
    const dot = target.lastIndexOf('.');
    const service = jsonTargets[target.slice(0, dot)] ?? 'cognito-idp';
    const operation = dot >= 0 ? target.slice(dot + 1) : target;
    let input: Record<string, unknown> = {};
    let rejection = authProblem(service, authorization);
    try {
      const parsed: unknown = JSON.parse(parts.body || '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      input = parsed as Record<string, unknown>;
    } catch {
      rejection ??= new ServiceError(
        'SerializationException',
        400,
        'Start of structure or map found where not expected.',
      );
    }
    if (!jsonTargets[target.slice(0, dot)]) {
      rejection ??= new ServiceError('UnknownOperationException', 400, `Unknown service target ${target}`);
    }
    return { service, operation, input, region, accessKeyId, rejection };
  }

  if (parts.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(parts.body);
    const version = params.get('Version') ?? '';
    const service = queryVersions[version] ?? (scope?.service === 'sts' ? 'sts' : 'iam');
    const operation = params.get('Action') ?? '';
    const input: Record<string, unknown> = {};
    for (const [key, value] of params) if (key !== 'Action' && key !== 'Version') input[key] = value;
    return { service, operation, input, region, accessKeyId, rejection: authProblem(service, authorization) };
  }

  const url = new URL(parts.url, 'http://local');
  const routed = routeRest(parts.method, url.pathname, url.searchParams, parts.body);
  const rejection = authProblem('amplify', authorization) ?? routed.rejection;
  return {
    service: 'amplify',
    operation: routed.operation,
    input: routed.input,
    region,
    accessKeyId,
    rejection,
  };
}

export function newRequestId(): string {
  return randomUUID();
}

export function renderSuccess(
  service: ServiceName,
  operation: string,
  output: unknown,
  requestId: string,
): Reply {
  if (service === 'iam' || service === 'sts') {
    const body =
      `<${operation}Response xmlns="${xmlNamespaces[service]}">` +
      `<${operation}Result>${toXml(output as XmlValue)}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
      `</${operation}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  }
  const contentType = service === 'amplify' ? 'application/json' : 'application/x-amz-json-1.1';
  return {
    status: 200,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
    body: JSON.stringify(output ?? {}),
  };
}

export function renderError(service: ServiceName, error: ServiceError, requestId: string): Reply {
  if (service === 'iam' || service === 'sts') {
    const type = error.status >= 500 ? 'Receiver' : 'Sender';
    const body =
      `<ErrorResponse xmlns="${xmlNamespaces[service]}">` +
      toXml({ Error: { Type: type, Code: error.code, Message: error.message } }) +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body,
    };
  }
  if (service === 'amplify') {
    return {
      status: error.status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': error.code,
      },
      body: JSON.stringify({ message: error.message }),
    };
  }
  // Cognito writes `message`; the Tagging API writes `Message` ({"__type":"InvalidParameterException","Message":…},
  // github.com/aws/aws-cli/issues/8109). The SDK reads either.
  const body =
    service === 'tagging'
      ? { __type: error.code, Message: error.message }
      : { __type: error.code, message: error.message };
  return {
    status: error.status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  };
}

export function throttlingError(service: ServiceName): ServiceError {
  switch (service) {
    case 'amplify':
      return new ServiceError('LimitExceededException', 429, 'Rate exceeded');
    case 'cognito-idp':
    case 'cognito-identity':
      return new ServiceError('TooManyRequestsException', 400, 'Rate exceeded');
    case 'tagging':
      // "An error occurred (ThrottledException) when calling the GetResources operation …: Rate exceeded"
      // (github.com/cloud-custodian/cloud-custodian/pull/5912). HTTP 400 is inferred: the model declares it a client
      // error without an httpError code, and awsJson1_1 services answer those with 400.
      return new ServiceError('ThrottledException', 400, 'Rate exceeded');
    default:
      return new ServiceError('Throttling', 400, 'Rate exceeded');
  }
}

export function unknownOperation(service: ServiceName, operation: string): ServiceError {
  if (service === 'iam' || service === 'sts') {
    const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
    return new ServiceError(
      'InvalidAction',
      400,
      `Could not find operation ${operation} for version ${version}`,
    );
  }
  const status = service === 'amplify' ? 404 : 400;
  return new ServiceError(
    'UnknownOperationException',
    status,
    `local AWS does not implement ${service} ${operation}`,
  );
}
