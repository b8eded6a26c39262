// Errors the user can act on. Each says what is wrong, where, and how to fix it; the action turns them into
// `::error` annotations (with file and line when there is one) and exit code 1.

export interface SourceLocation {
  /** Path as the user wrote it (relative to the workspace for the environments file). */
  file: string;
  line?: number;
  column?: number;
}

export interface Problem {
  message: string;
  location?: SourceLocation;
}

export class ActionError extends Error {
  override name = 'ActionError';
  readonly problems: readonly Problem[];

  constructor(problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? problems : [problems as Problem];
    super(list.map(formatProblem).join('\n'));
    this.problems = list;
  }
}

export function formatProblem(problem: Problem): string {
  const where = problem.location ? `${formatLocation(problem.location)}: ` : '';
  return `${where}${problem.message}`;
}

export function formatLocation({ file, line, column }: SourceLocation): string {
  return [file, line, line === undefined ? undefined : column].filter((part) => part !== undefined).join(':');
}

/** Waits for every promise (so none is left running) and reports all their problems together. */
export async function allOrProblems<T extends readonly unknown[]>(
  promises: {
    [K in keyof T]: Promise<T[K]>;
  },
): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const rejected = settled.filter(
    (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
  );
  if (rejected.length === 0)
    return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
  const other = rejected.find((outcome) => !(outcome.reason instanceof ActionError));
  if (other) throw other.reason;
  throw new ActionError(rejected.flatMap((outcome) => (outcome.reason as ActionError).problems));
}
