// The build user: who runs the lifecycle and the built app, and what that user can reach.
// Detector and builder refuse to run as root, so a devkit running as root (CI, containers)
// hands the build to an ordinary user; everything the lifecycle opens must then be theirs or
// readable by them.
import { cp, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { BuildpackDir } from "./buildpacks";
import { exec } from "./exec";
import type { Tools } from "./tools";

/** Detector and builder refuse to run as root: when devkit is root, they run as this user. */
export const BUILD_UID = 1000;
export const BUILD_GID = 1000;

export interface BuildUser {
  uid: number;
  gid: number;
}

/** The user to spawn the lifecycle and the app as; undefined: devkit's own (it is not root). */
export function buildUser(self: { uid?: number | undefined } = { uid: process.getuid?.() }): BuildUser | undefined {
  return self.uid === 0 ? { uid: BUILD_UID, gid: BUILD_GID } : undefined;
}

/** The uid and gid the lifecycle is told the build runs as (CNB_USER_ID, CNB_GROUP_ID). */
export function buildIds(
  user: BuildUser | undefined,
  self: { uid?: number | undefined; gid?: number | undefined } = { uid: process.getuid?.(), gid: process.getgid?.() },
): BuildUser {
  return user ?? { uid: self.uid ?? BUILD_UID, gid: self.gid ?? BUILD_GID };
}

/** Gives the user a tree devkit made (the work dir, restored layers), as a platform's volumes are. */
export async function handOver(dir: string, user: BuildUser, run = exec): Promise<void> {
  await run("chown", ["-R", `${user.uid}:${user.gid}`, dir]);
}

/** Which of `paths` the user cannot read (-r) or run (-x): the kernel's answer, asked as them. */
export type AccessProbe = (paths: string[], test: "-r" | "-x") => Promise<Set<string>>;

/**
 * Asks `test` as the user itself: permission bits, ACLs and every dir on the way (a checkout
 * under a 0700 home, a mkdtemp dir) all count, which no stat() from root could tell.
 */
export function accessProbe(user: BuildUser, run = exec): AccessProbe {
  return async (paths, test) => {
    const script = `for p; do [ ${test} "$p" ] || echo "$p"; done`;
    const result = await run("/bin/sh", ["-c", script, "sh", ...paths], { uid: user.uid, gid: user.gid });
    return new Set(result.output.split("\n").filter(Boolean));
  };
}

/**
 * The buildpacks, each where the user can read it: those it cannot are copied (symlinks as
 * they are) under `copiesDir`, which the caller hands over. The lifecycle itself would only say
 * "generic lifecycle failure" for a buildpack it cannot read.
 */
export async function reachableBuildpacks(buildpacks: BuildpackDir[], copiesDir: string, probe: AccessProbe): Promise<BuildpackDir[]> {
  const toml = (b: BuildpackDir) => join(b.dir, "buildpack.toml");
  const missing = await probe(buildpacks.map(toml), "-r");
  return Promise.all(
    buildpacks.map(async (b) => (missing.has(toml(b)) ? { ...b, dir: await copyInto(copiesDir, b.dir, `${b.id.replaceAll("/", "_")}-${b.version}`) } : b)),
  );
}

/** The lifecycle and launcher where the user can run them (copied under `copiesDir` if not). */
export async function reachableTools(tools: Tools, copiesDir: string, probe: AccessProbe): Promise<Tools> {
  const missing = await probe([tools.lifecycle, tools.launcher], "-x");
  if (missing.size === 0) return tools;
  return { ...tools, lifecycle: await copyInto(copiesDir, tools.lifecycle, "lifecycle"), launcher: await copyInto(copiesDir, tools.launcher, "launcher") };
}

async function copyInto(copiesDir: string, from: string, name: string): Promise<string> {
  const to = join(copiesDir, name);
  await mkdir(copiesDir, { recursive: true });
  await cp(from, to, { recursive: true, verbatimSymlinks: true });
  return to;
}
