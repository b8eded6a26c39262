// Request-rate quotas, as Cognito enforces them: more than N requests in any one second for an operation (or a
// group of operations sharing a quota) and the excess is throttled. Quotas hold per account and region; Cognito
// also documents "5 per operation per pool" for user-pool resource reads, which `per: 'pool'` models.
// The window slides over the last 1000 ms of admitted requests; refused requests do not use up the budget
// (as with a token bucket). The clock is injected so tests can step it instead of sleeping.
// Entries are keyed by IAM action (`cognito-idp:ListUserPools`, `tag:GetResources`): the Tagging API's prefix is `tag`
// although it signs as `tagging`. Each service throttles in its own words (wire.ts throttlingError): Cognito
// TooManyRequestsException, the Tagging API ThrottledException, both HTTP 400.
import { actionMatches, iamAction } from './denials.ts';
import type { ServiceName } from './wire.ts';

export interface RateLimit {
  /** Requests admitted in any one-second window. 0 refuses every request. */
  perSecond: number;
  /**
   * The IAM actions sharing this budget, wildcards allowed (a quota category such as Cognito's UserPoolRead);
   * by default the entry's own key, one action.
   */
  actions?: string[];
  /**
   * 'account' (default): one budget per account and region, shared by all the actions.
   * 'pool': one budget per action and per user or identity pool named in the request.
   */
  per?: 'account' | 'pool';
}

/** Keyed by IAM action (`cognito-idp:ListUserPools: 5`) or, with `actions`, by a name of your choice. */
export type RateLimits = Record<string, number | RateLimit>;

export interface RateTarget {
  service: ServiceName;
  operation: string;
  input: Record<string, unknown>;
  region: string;
}

const windowMs = 1000;

function poolOf(input: Record<string, unknown>): string | undefined {
  const pool = input.UserPoolId ?? input.IdentityPoolId;
  return typeof pool === 'string' ? pool : undefined;
}

/** Throws on a malformed entry, naming it. */
export function checkRateLimits(limits: RateLimits): void {
  for (const [name, value] of Object.entries(limits)) {
    const limit = typeof value === 'number' ? { perSecond: value } : value;
    if (typeof limit.perSecond !== 'number' || !(limit.perSecond >= 0)) {
      throw new Error(`rate limit ${name}: perSecond must be a number >= 0`);
    }
    if (limit.per !== undefined && limit.per !== 'account' && limit.per !== 'pool') {
      throw new Error(`rate limit ${name}: per must be account or pool`);
    }
  }
}

export class RateLimiter {
  /** Admission times (ms) per budget, newest last. */
  private readonly admitted = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** True if every budget the request falls under has room; the request is then counted against all of them. */
  admit(limits: RateLimits, target: RateTarget, accountId: string): boolean {
    const action = iamAction(target.service, target.operation);
    const now = this.now();
    const budgets: { times: number[]; perSecond: number }[] = [];
    for (const [name, value] of Object.entries(limits)) {
      const limit = typeof value === 'number' ? { perSecond: value } : value;
      if (!(limit.actions ?? [name]).some((pattern) => actionMatches(pattern, action))) continue;
      const pool = limit.per === 'pool' ? poolOf(target.input) : undefined;
      if (limit.per === 'pool' && pool === undefined) continue; // a list of pools is not a per-pool read
      const key = [name, accountId, target.region, pool === undefined ? '' : `${action} ${pool}`].join('\n');
      const times = (this.admitted.get(key) ?? []).filter((time) => now - time < windowMs);
      this.admitted.set(key, times);
      budgets.push({ times, perSecond: limit.perSecond });
    }
    if (budgets.some((budget) => budget.times.length >= budget.perSecond)) return false;
    for (const budget of budgets) budget.times.push(now);
    return true;
  }
}
