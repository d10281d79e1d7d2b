// What a lifecycle phase's exit code tells the user, and what to do about it: the lifecycle
// itself only prints a number, and "exit code 20" means nothing to someone building a function.
import { DevkitError } from "./errors";

/** The lifecycle phases devkit runs, named as the lifecycle binary is invoked (argv[0]). */
export type LifecyclePhase = "analyzer" | "detector" | "builder" | "exporter";

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
    32: "the analysis of the run image (and any previous image) failed",
    51: "a buildpack's bin/build failed",
    52: "the build failed",
    62: "the export of the app image failed",
    82: "the launcher could not start the process",
  };
  return meanings[code] ?? "unexpected exit code";
}

/**
 * Where to look next. The buildpacks' own reasons are already in the output shown with the
 * error, so the fix points there rather than repeating them.
 */
export function lifecycleExitFix(phase: LifecyclePhase, code: number): string {
  if (phase === "detector" && (code === 20 || code === 21)) {
    return "no group of buildpacks accepted the app: check the output above for each buildpack's reason (BP_LOG_LEVEL=DEBUG shows more)";
  }
  if (phase === "builder" && code === 51) return "a buildpack's build failed: its message is in the output above";
  return "see the lifecycle's output above";
}

/** The error for a phase that exited non-zero: its meaning, the fix, then everything it printed. */
export function lifecycleFailure(phase: LifecyclePhase, code: number, where: string, output: string): DevkitError {
  return new DevkitError(
    `the lifecycle ${phase} failed with exit code ${code}: ${lifecycleExitMeaning(code)}`,
    { where, fix: lifecycleExitFix(phase, code) },
    output,
  );
}
