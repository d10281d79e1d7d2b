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

/** What the lifecycle's exit codes mean (platform spec; lifecycle platform/exit.go). */
export function lifecycleExitMeaning(code: number): string {
  const meanings: Record<number, string> = {
    1: "generic lifecycle failure",
    3: "invalid arguments",
    11: "incompatible Platform API",
    12: "incompatible Buildpack API",
    20: "no buildpack group passed detection",
    21: "no buildpack group passed detection and at least one buildpack errored",
    22: "detection failed",
    51: "a buildpack's bin/build failed",
    52: "the build failed",
    82: "the launcher could not start the process",
  };
  return meanings[code] ?? "unexpected exit code";
}
