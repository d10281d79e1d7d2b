// The platform env: what a platform hands buildpacks as `<platform>/env/<NAME>` files (the only
// way BP_* variables reach them: the lifecycle gives a buildpack's process a clean environment).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DevkitError } from "./errors";

/**
 * Host settings a Go build needs, passed on as platform env files when set. Not GOMODCACHE,
 * GOPATH or GOCACHE: the host's belong to another user than the build's, and go-build sets
 * GOPATH and GOCACHE itself (its GOCACHE is a cache layer, which devkit keeps between builds).
 */
export const PASSED_THROUGH = ["GOPROXY", "GOFLAGS", "GONOPROXY", "GONOSUMDB", "GOPRIVATE", "GOSUMDB", "GOINSECURE", "GOTOOLCHAIN"];

/** Where the go-dist stand-in finds the host's Go (see buildpacks/go-dist-standin). */
export const GOROOT_VARIABLE = "FNPACKS_DEVKIT_GOROOT";

/** The PASSED_THROUGH settings the host has (empty ones are not set). */
export function passedThrough(host: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(PASSED_THROUGH.filter((k) => host[k]).map((k) => [k, host[k] as string]));
}

/**
 * The build's platform env: the host's Go settings, then what the user gave (which wins), then
 * the host's GOROOT for the stand-in (which nobody overrides: it must be the Go devkit checked).
 */
export function platformEnv(given: Record<string, string> = {}, goRoot: string, host: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { ...passedThrough(host), ...given, [GOROOT_VARIABLE]: goRoot };
}

/** The platform's env vars reach buildpacks only as files in <platform>/env. */
export async function writePlatformEnv(platformDir: string, env: Record<string, string>): Promise<void> {
  await mkdir(join(platformDir, "env"), { recursive: true });
  for (const [name, value] of Object.entries(env)) {
    // A name is a file name here: "../x" would write outside the platform dir.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new DevkitError(`${JSON.stringify(name)} is not an environment variable name`);
    await writeFile(join(platformDir, "env", name), value);
  }
}
