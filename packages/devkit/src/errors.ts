import { UserError } from "@fnpacks/cnb";

/** A failure the user can act on: what happened, where, and how to fix it. */
export class DevkitError extends UserError {
  override name = "DevkitError";
  constructor(
    what: string,
    details: { where?: string; fix?: string } = {},
    /** Output of the failing tool, shown after the message. */
    readonly output = "",
  ) {
    super(what, details);
  }

  override format(): string {
    return this.output ? `${super.format()}\n\n${this.output.trimEnd()}` : super.format();
  }
}
