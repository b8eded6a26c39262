// One local HTTP endpoint that speaks Amplify, Cognito (both), IAM, STS and the Resource Groups Tagging API (GetResources)
// well enough for the real AWS SDK v3.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { amplifyOperations, routeAmplify } from './amplify.ts';
import { cognitoIdentityOperations } from './cognito-identity.ts';
import { cognitoIdpOperations } from './cognito-idp.ts';
import { accessDenied, isDenied } from './denials.ts';
import { ServiceError } from './errors.ts';
import { consumeFault, type FaultRule, faultMatches, parseFaultRule, runsHandlerFirst } from './faults.ts';
import type { Handler } from './handler.ts';
import { iamOperations, stsOperations } from './iam.ts';
import { advanceJobs, jobStepNames, type PushedCommit, push } from './jobs.ts';
import { checkRateLimits, RateLimiter, type RateLimits } from './rate-limits.ts';
import { loadSeed, type Seed, sampleSeedPath } from './seed.ts';
import type { JobState, JobStepName, State } from './state.ts';
import { taggingOperations } from './tagging.ts';
import {
  newRequestId,
  type ParsedRequest,
  parseRequest,
  type Reply,
  renderError,
  renderSuccess,
  type ServiceName,
  throttlingError,
  unknownOperation,
} from './wire.ts';

export type { FaultRule } from './faults.ts';
export type { RateLimit, RateLimits } from './rate-limits.ts';
export type { Seed } from './seed.ts';
export type { State } from './state.ts';
export type { ServiceName } from './wire.ts';

export interface RecordedRequest {
  service: ServiceName;
  /** The SDK operation name, e.g. 'GetBranch'. */
  operation: string;
  /** Parsed parameters, including Amplify's path labels (decoded) and query parameters. */
  input: unknown;
  /** The HTTP status answered; 0 while unanswered (a hang). */
  status: number;
  region: string;
  /** The access key it was signed with: whose credentials the client used. */
  accessKeyId: string;
  /** The client's x-amz-user-agent (or user-agent) header: says which program sent the request. */
  userAgent: string;
}

export interface LocalAws {
  url: string;
  state: State;
  requests: RecordedRequest[];
  faults: FaultRule[];
  /**
   * A push to an app's git branch: the commit becomes the branch's head; with auto-build on, the WEB_HOOK job that
   * builds it (push in jobs.ts).
   */
  push(appId: string, branchName: string, commit: PushedCommit): JobState | undefined;
  /** Moves the build clock `seconds` ahead, playing every job transition that falls due (advanceJobs in jobs.ts). */
  advanceJobs(seconds: number): void;
  env(): Record<string, string>;
  close(): Promise<void>;
}

export interface LocalAwsOptions {
  /** A seed file path or object; the sample seed when absent. */
  seed?: string | Seed;
  port?: number;
  /** Caps every page below what the client asked for (clients must follow NextToken). */
  maxPageSize?: number;
  /** Delay before every answer, like a latency rule that never expires. */
  latencyMs?: number;
  /** Request-rate quotas, added to the seed's (same key: this one wins); see rate-limits.ts. */
  rateLimits?: RateLimits;
  /** The clock the rate limits read, in epoch milliseconds; Date.now when absent. Tests step it instead of sleeping. */
  now?: () => number;
  /**
   * Virtual seconds every GetJob moves the build clock before it answers (replaces the seed's), so a poller sees
   * jobs progress; 0 (the default): jobs move only when driven (advanceJobs, a mutate rule).
   */
  jobSecondsPerPoll?: number;
}

const operations: Record<ServiceName, Record<string, Handler>> = {
  amplify: amplifyOperations,
  'cognito-idp': cognitoIdpOperations,
  'cognito-identity': cognitoIdentityOperations,
  iam: iamOperations,
  sts: stsOperations,
  tagging: taggingOperations,
};

/** What each service calls its own unexpected server error (used if a handler has a bug). */
const internalErrorCodes: Record<ServiceName, string> = {
  amplify: 'InternalFailureException',
  'cognito-idp': 'InternalErrorException',
  'cognito-identity': 'InternalErrorException',
  iam: 'ServiceFailure',
  sts: 'ServiceFailure',
  tagging: 'InternalServiceException',
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, value: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value, null, 2));
}

export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const { maxPageSize, latencyMs } = options;
  if (maxPageSize !== undefined && (!Number.isInteger(maxPageSize) || maxPageSize < 1)) {
    throw new Error('maxPageSize must be a positive integer');
  }
  const { jobSecondsPerPoll } = options;
  if (jobSecondsPerPoll !== undefined && !(Number.isFinite(jobSecondsPerPoll) && jobSecondsPerPoll >= 0)) {
    throw new Error('jobSecondsPerPoll must be a number >= 0');
  }
  // Load first: a bad seed fails before a port is taken.
  const initialState = loadSeed(options.seed ?? sampleSeedPath);
  if (jobSecondsPerPoll !== undefined) initialState.jobSecondsPerPoll = jobSecondsPerPoll;
  if (options.rateLimits) {
    checkRateLimits(options.rateLimits);
    Object.assign(initialState.rateLimits, options.rateLimits);
  }
  const limiter = new RateLimiter(options.now ?? Date.now);
  const requests: RecordedRequest[] = [];
  const faults: FaultRule[] = [];
  // Open answers (hangs and pending delays) that close() has to end.
  const hung = new Set<ServerResponse>();
  const pendingDelays = new Set<() => void>();
  let closing = false;

  /** Resolves true after ms, or false at once if the server closes meanwhile. */
  const delay = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (closing) return resolve(false);
      const cancel = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        pendingDelays.delete(cancel);
        resolve(!closing);
      }, ms);
      pendingDelays.add(cancel);
    });

  async function serve(parsed: ParsedRequest, record: RecordedRequest, response: ServerResponse) {
    const requestId = newRequestId();
    const send = (reply: Reply) => {
      record.status = reply.status;
      response.writeHead(reply.status, reply.headers);
      response.end(reply.body);
    };
    const sendError = (error: ServiceError) => send(renderError(parsed.service, error, requestId));
    // Unsigned or unreadable requests are refused before any fault rule is consulted.
    if (parsed.rejection) return sendError(parsed.rejection);

    if (latencyMs && !(await delay(latencyMs))) return;
    const { state } = instance;
    // Request-rate quotas count each signed request as it arrives, before IAM looks at it (inferred: AWS does
    // not document the order); a refused request does not use up the budget.
    if (!limiter.admit(state.rateLimits, parsed, state.accountId))
      return sendError(throttlingError(parsed.service));
    // The standing policy: a denied action never reaches the service, whatever fault rules are waiting.
    if (isDenied(state.deny, parsed)) return sendError(accessDenied(parsed, state.caller, state.accountId));

    // Rules run in order: latency waits and mutations accumulate; the first other rule decides the answer.
    const afterAnswer: ((state: State) => void)[] = [];
    let verdict: FaultRule | undefined;
    for (const rule of [...faults]) {
      if (!faults.includes(rule) || !faultMatches(rule, parsed)) continue;
      consumeFault(faults, rule);
      if (rule.kind === 'latency') {
        if (!(await delay(rule.ms))) return;
      } else if (rule.kind === 'mutate') {
        if (rule.when === 'before') rule.apply(instance.state);
        else afterAnswer.push(rule.apply);
      } else {
        verdict = rule;
        break;
      }
    }

    /** Answers as a throttle/error/hang/reset/deny rule says. */
    const answerFault = (rule: FaultRule) => {
      switch (rule.kind) {
        case 'hang':
          hung.add(response);
          response.on('close', () => hung.delete(response));
          return;
        case 'reset':
          // No status line, no body: the client sees the connection drop (ECONNRESET / socket hang up).
          response.socket?.destroy();
          return;
        case 'throttle':
          return sendError(throttlingError(parsed.service));
        case 'deny':
          return sendError(accessDenied(parsed, state.caller, state.accountId, rule.explicit));
        case 'error':
          return sendError(new ServiceError(rule.code, rule.status, rule.message ?? `Injected ${rule.code}`));
      }
    };

    try {
      if (verdict && verdict.kind !== 'stale' && !runsHandlerFirst(verdict)) return answerFault(verdict);
      const handler = operations[parsed.service][parsed.operation];
      if (!handler) return sendError(unknownOperation(parsed.service, parsed.operation));
      const run = () =>
        handler({
          state: instance.state,
          region: parsed.region,
          input: parsed.input,
          maxPageSize,
          stale: verdict?.kind === 'stale',
        });
      if (verdict && runsHandlerFirst(verdict)) {
        // A lost acknowledgement: the change (if the handler made one) stays; its answer never reaches the client.
        try {
          run();
        } catch {
          // Refused or not: the client gets the fault's answer either way.
        }
        return answerFault(verdict);
      }
      send(renderSuccess(parsed.service, parsed.operation, run(), requestId));
    } catch (error) {
      if (error instanceof ServiceError) return sendError(error);
      const message = `local AWS bug in ${parsed.service} ${parsed.operation}: ${(error as Error).stack ?? error}`;
      sendError(new ServiceError(internalErrorCodes[parsed.service], 500, message));
    } finally {
      // The answer is already written: the change lands before the client can send its next request.
      // (After a hang there is no answer; the change lands at once.)
      for (const apply of afterAnswer) apply(instance.state);
    }
  }

  function control(method: string, path: string, body: string, response: ServerResponse) {
    try {
      if (method === 'GET' && path === '/_local/state') return sendJson(response, 200, instance.state);
      if (method === 'GET' && path === '/_local/requests') return sendJson(response, 200, requests);
      if (method === 'DELETE' && path === '/_local/faults') {
        faults.length = 0;
        return sendJson(response, 200, { faults: 0 });
      }
      if (method === 'POST' && path === '/_local/faults') {
        const raw: unknown = JSON.parse(body);
        const rules = (Array.isArray(raw) ? raw : [raw]).map(parseFaultRule);
        faults.push(...rules);
        return sendJson(response, 200, { faults: faults.length });
      }
      if (method === 'POST' && path === '/_local/fail-next-job') {
        const { appId, branchName, region, step } = JSON.parse(body) as Record<string, string | undefined>;
        if (step !== undefined && !jobStepNames.includes(step as JobStepName)) {
          throw new Error(`step must be one of ${jobStepNames.join(', ')}`);
        }
        instance.state.failNextJob(
          String(appId),
          String(branchName),
          region,
          step as JobStepName | undefined,
        );
        return sendJson(response, 200, { ok: true });
      }
      // The build clock and git pushes, for a process that drives the endpoint from outside (cli.ts).
      if (method === 'POST' && path === '/_local/advance-jobs') {
        const { seconds } = JSON.parse(body) as { seconds?: unknown };
        instance.advanceJobs(Number(seconds));
        return sendJson(response, 200, { ok: true });
      }
      if (method === 'POST' && path === '/_local/push') {
        const { appId, branchName, commitId, commitMessage, region } = JSON.parse(body) as Record<
          string,
          string | undefined
        >;
        if (typeof commitId !== 'string') throw new Error('push needs a commitId');
        const job = instance.push(String(appId), String(branchName), {
          commitId,
          commitMessage,
          region,
        });
        return sendJson(response, 200, { jobId: job?.jobId ?? null });
      }
      sendJson(response, 404, { message: `no control route ${method} ${path}` });
    } catch (error) {
      sendJson(response, 400, { message: (error as Error).message });
    }
  }

  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        const method = request.method ?? 'GET';
        const url = request.url ?? '/';
        if (url.startsWith('/_local/')) return control(method, url.split('?')[0] ?? url, body, response);
        const parsed = parseRequest({ method, url, headers: request.headers, body }, routeAmplify);
        const record: RecordedRequest = {
          service: parsed.service,
          operation: parsed.operation,
          input: parsed.input,
          status: 0,
          region: parsed.region,
          accessKeyId: parsed.accessKeyId,
          userAgent: String(request.headers['x-amz-user-agent'] ?? request.headers['user-agent'] ?? ''),
        };
        requests.push(record);
        return serve(parsed, record, response);
      },
      () => response.destroy(),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const instance: LocalAws = {
    url,
    state: initialState,
    requests,
    faults,
    push: (appId, branchName, commit) => push(instance.state, appId, branchName, commit),
    advanceJobs: (seconds) => advanceJobs(instance.state, seconds),
    env: () => ({
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: 'AKIALOCALAWSEXAMPLE1',
      AWS_SECRET_ACCESS_KEY: 'local-aws-fake-secret-access-key',
      AWS_SESSION_TOKEN: 'local-aws-fake-session-token',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      // Keep the host's ~/.aws profiles and SSO sessions out of the picture.
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    }),
    async close() {
      closing = true;
      for (const cancel of pendingDelays) cancel();
      pendingDelays.clear();
      for (const response of hung) response.destroy();
      hung.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
  return instance;
}
