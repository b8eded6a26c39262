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

function formatProblem(problem: Problem): string {
  const where = problem.location ? `${formatLocation(problem.location)}: ` : '';
  return `${where}${problem.message}`;
}

export function formatLocation({ file, line, column }: SourceLocation): string {
  return [file, line, line === undefined ? undefined : column].filter((part) => part !== undefined).join(':');
}

/** The value, or the problems an ActionError carried; any other error is a bug and is thrown on. */
type Settled<T> = { ok: true; value: T } | { ok: false; problems: readonly Problem[]; error: ActionError };

export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (error instanceof ActionError) return { ok: false, problems: error.problems, error };
    throw error;
  }
}
