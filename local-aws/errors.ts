// A service error as a handler throws it; each wire protocol renders it in its own format.
export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
  }
}

/** The wording Coral services use for a failed input constraint. */
export function validationMessage(value: unknown, member: string, constraint: string): string {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`;
}
