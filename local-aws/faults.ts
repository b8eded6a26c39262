// Fault rules: latency, throttling, arbitrary errors, hangs, resets, denials, stale reads and concurrent writers,
// injected per request.
import type { State } from './state.ts';
import type { ServiceName } from './wire.ts';

export interface FaultFilter {
  service?: ServiceName;
  operation?: string;
  /** Compared with the request's parsed input (path, query and body parameters), as strings. */
  match?: Record<string, string>;
  /** Fires this many times, then removes itself; unlimited when absent. */
  times?: number;
  /**
   * Fires for about this share (0–1) of the matching requests. Which ones is decided by a hash of `seed`, the
   * request (operation and parameters) and how many times that same request came before, so the same requests
   * are picked however concurrent requests interleave: a seeded run is repeatable.
   */
  share?: number;
  seed?: number;
}

/**
 * A lost acknowledgement: the operation runs and its change is kept, then the client gets the error, the reset
 * or the hang instead of the answer (a 500 after the commit, a connection cut on the way back, a reply that never
 * comes). Whatever the handler answered is dropped.
 */
export interface AfterHandler {
  afterHandler?: boolean;
}

export type FaultAction =
  | { kind: 'latency'; ms: number }
  | { kind: 'throttle' }
  | ({ kind: 'error'; status: number; code: string; message?: string } & AfterHandler)
  | ({ kind: 'hang' } & AfterHandler)
  /** The connection is destroyed without an answer (the SDK sees a socket error and retries). */
  | ({ kind: 'reset' } & AfterHandler)
  /** An IAM denial in the service's own shape (see denials.ts); `explicit` words it as an explicit Deny. */
  | { kind: 'deny'; explicit?: boolean }
  /** A read served by a replica that has not seen the latest update (only for staleReadOperations). */
  | { kind: 'stale' }
  | { kind: 'mutate'; when: 'before' | 'after'; apply: (state: State) => void };

export type FaultRule = FaultFilter & FaultAction;

export interface FaultTarget {
  service: ServiceName;
  operation: string;
  input: Record<string, unknown>;
}

/** The reads that can answer an older version (what `stale` rules apply to; they skip other requests). */
// ListJobs too: the gate reads GetBranch's activeJobId beside it because a list may not show a job just created.
export const staleReadOperations: readonly string[] = ['GetBranch', 'ListBranches', 'ListJobs'];

export function faultMatches(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.times !== undefined && rule.times <= 0) return false;
  if (
    rule.kind === 'stale' &&
    (target.service !== 'amplify' || !staleReadOperations.includes(target.operation))
  )
    return false;
  if (rule.service !== undefined && rule.service !== target.service) return false;
  if (rule.operation !== undefined && rule.operation !== target.operation) return false;
  for (const [key, value] of Object.entries(rule.match ?? {})) {
    if (String(target.input[key]) !== value) return false;
  }
  return rule.share === undefined || picked(rule, target);
}

const repeats = new WeakMap<FaultRule, Map<string, number>>();

function picked(rule: FaultRule, target: FaultTarget): boolean {
  const request = `${target.service}:${target.operation}:${JSON.stringify(target.input)}`;
  const seen = repeats.get(rule) ?? new Map<string, number>();
  repeats.set(rule, seen);
  const count = seen.get(request) ?? 0;
  seen.set(request, count + 1);
  return fnv1a(`${rule.seed ?? 0}|${request}|${count}`) / 2 ** 32 < (rule.share ?? 1);
}

/**
 * 32-bit FNV-1a with MurmurHash3's final mix, so that texts differing only in their last character (the repeat
 * count) still get unrelated values. Enough to pick requests; not for security.
 */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Whether the rule lets the handler run before it decides the answer. */
export function runsHandlerFirst(rule: FaultRule): boolean {
  return 'afterHandler' in rule && rule.afterHandler === true;
}

/** Counts one firing; a rule whose count runs out leaves the list. */
export function consumeFault(faults: FaultRule[], rule: FaultRule) {
  if (rule.times === undefined) return;
  rule.times -= 1;
  if (rule.times <= 0) {
    const index = faults.indexOf(rule);
    if (index >= 0) faults.splice(index, 1);
  }
}

const services: readonly ServiceName[] = [
  'amplify',
  'cognito-idp',
  'cognito-identity',
  'iam',
  'sts',
  'tagging',
];

/** Checks a rule that arrived as JSON over the control surface (mutate rules need code, so they cannot). */
export function parseFaultRule(raw: unknown): FaultRule {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('a fault rule is a JSON object');
  const rule = raw as Record<string, unknown>;
  const problem = (text: string): never => {
    throw new Error(`fault rule ${JSON.stringify(raw)}: ${text}`);
  };
  if (rule.service !== undefined && !services.includes(String(rule.service) as ServiceName)) {
    problem(`service must be one of ${services.join(', ')}`);
  }
  if (rule.operation !== undefined && typeof rule.operation !== 'string')
    problem('operation must be a string');
  if (rule.times !== undefined && (!Number.isInteger(rule.times) || (rule.times as number) < 1)) {
    problem('times must be a positive integer');
  }
  if (rule.match !== undefined) {
    const match = rule.match;
    if (
      typeof match !== 'object' ||
      match === null ||
      Object.values(match).some((v) => typeof v !== 'string')
    ) {
      problem('match must map parameter names to strings');
    }
  }
  if (rule.share !== undefined && (typeof rule.share !== 'number' || rule.share < 0 || rule.share > 1)) {
    problem('share must be a number from 0 to 1');
  }
  if (rule.seed !== undefined && !Number.isInteger(rule.seed)) problem('seed must be an integer');
  if (rule.afterHandler !== undefined) {
    if (typeof rule.afterHandler !== 'boolean') problem('afterHandler must be true or false');
    if (!['error', 'hang', 'reset'].includes(String(rule.kind)))
      problem('afterHandler is for error, hang and reset');
  }
  switch (rule.kind) {
    case 'latency':
      if (typeof rule.ms !== 'number' || rule.ms < 0) problem('latency needs ms >= 0');
      break;
    case 'error':
      if (!Number.isInteger(rule.status) || typeof rule.code !== 'string')
        problem('error needs status and code');
      if (rule.message !== undefined && typeof rule.message !== 'string') problem('message must be a string');
      break;
    case 'deny':
      if (rule.explicit !== undefined && typeof rule.explicit !== 'boolean')
        problem('explicit must be true or false');
      break;
    case 'throttle':
    case 'hang':
    case 'reset':
    case 'stale':
      break;
    case 'mutate':
      problem('mutate rules carry a function and can only be added in-process');
      break;
    default:
      problem('kind must be latency, throttle, error, hang, reset, deny or stale');
  }
  return rule as unknown as FaultRule;
}
