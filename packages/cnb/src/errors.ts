/**
 * An error the user can fix. The buildpack prints it as one clear message — what went wrong,
 * where, and how to fix it — and exits non-zero without a stack trace.
 */
export class UserError extends Error {
  readonly where: string | undefined;
  readonly fix: string | undefined;

  constructor(what: string, details: { where?: string; fix?: string } = {}) {
    super(what);
    this.name = "UserError";
    this.where = details.where;
    this.fix = details.fix;
  }

  /** The message as the user sees it, one line per part. */
  format(): string {
    const lines = [this.message];
    if (this.where) lines.push(`  at ${this.where}`);
    if (this.fix) lines.push(`  fix: ${this.fix}`);
    return lines.join("\n");
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
