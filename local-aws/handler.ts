// What every operation handler receives.
import type { State } from './state.ts';

export interface HandlerContext {
  state: State;
  /** The region from the request's SigV4 credential scope. */
  region: string;
  input: Record<string, unknown>;
  maxPageSize: number | undefined;
}

/** Returns the operation's output (a JSON object; for IAM/STS the content of <OpResult>) or throws a ServiceError. */
export type Handler = (context: HandlerContext) => unknown;
