// What every operation handler receives.
import type { State } from './state.ts';

export interface HandlerContext {
  state: State;
  /** The region from the request's SigV4 credential scope. */
  region: string;
  input: Record<string, unknown>;
  maxPageSize: number | undefined;
  /** Answer from a replica that missed the most recent update (a `stale` fault); reads that can, do. */
  stale?: boolean;
}

/** Returns the operation's output (a JSON object; for IAM/STS the content of <OpResult>) or throws a ServiceError. */
export type Handler = (context: HandlerContext) => unknown;
