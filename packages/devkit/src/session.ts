// A build session: everything a lifecycle run needs, made ready in order — tools, the
// workspace with the app's copy, the order and its buildpacks where the build user reaches
// them, the platform env, the run image (its record, or for an export the stand-in itself) —
// and the lifecycle to run in it.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accessProbe, type BuildUser, buildIds, buildUser, handOver, reachableBuildpacks, reachableTools } from "./build-user";
import { layOutBuildpacks, localBuildpacks, writeOrder } from "./buildpacks";
import { DevkitError } from "./errors";
import { checkLayoutDir } from "./image-export";
import { Lifecycle, logLevelFor } from "./lifecycle";
import { type BuildOrder, resolveBuildOrder } from "./order";
import { DEFAULT_CACHE_DIR } from "./paths";
import type { BuildOptions } from "./platform";
import { platformEnv, writePlatformEnv } from "./platform-env";
import { analyzedToml, runImageTarget, runToml, writeRunStandin } from "./run-image";
import { ensureTools, hostGoRoot, type Tools } from "./tools";
import { type BuildWorkspace, createWorkspace } from "./workspace";

export interface BuildSession {
  workspace: BuildWorkspace;
  order: BuildOrder;
  /** Who runs the lifecycle and the app; undefined: devkit's own user. */
  user: BuildUser | undefined;
  /** The tools, where the build user can run them. */
  tools: Tools;
  lifecycle: Lifecycle;
  /** Logs a line devkit prints (to `logs` and the caller's log). */
  log: (line: string) => void;
  /** Every line devkit and the lifecycle printed, in order. */
  logs: string[];
  /** Deletes the work dir (the caller's workDir too, if given). */
  remove(): Promise<void>;
}

/**
 * Prepares a build of options.appDir; a failure leaves no temp dir behind. With options.image,
 * the build will also export an image: the analyzer and exporter get the run image stand-in.
 */
export async function openSession(options: BuildOptions): Promise<BuildSession> {
  if (!existsSync(join(options.appDir, "."))) throw new DevkitError(`app dir ${options.appDir} does not exist`, { fix: "pass the directory of a Go module" });
  const work = options.workDir ?? (await makeWorkDir());
  try {
    return await openSessionIn(work, options);
  } catch (error) {
    if (!options.workDir) await rm(work, { recursive: true, force: true });
    throw error;
  }
}

async function openSessionIn(work: string, options: BuildOptions): Promise<BuildSession> {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const logs: string[] = [];
  const log = (line: string) => {
    logs.push(line);
    options.log?.(line);
  };
  const builtTools = await ensureTools({ cacheDir, log });
  const workspace = await createWorkspace(work, options.appDir);

  const order = await resolveBuildOrder(options, localBuildpacks(builtTools, cacheDir));
  for (const note of order.notes) log(`devkit: ${note}`);
  const user = buildUser();
  // The lifecycle runs as the build user: what it cannot reach where it is (a checkout under a
  // 0700 dir, say) is copied into the work dir, which it owns.
  const probe = user && accessProbe(user);
  const buildpacks = probe ? await reachableBuildpacks(order.buildpacks, workspace.copies, probe) : order.buildpacks;
  const tools = probe ? await reachableTools(builtTools, workspace.copies, probe) : builtTools;
  await layOutBuildpacks(workspace.buildpacks, buildpacks);
  await writeOrder(workspace.order, order.groups);
  await writePlatformEnv(workspace.platform, platformEnv(options.env, await hostGoRoot()));
  const target = runImageTarget(options.target);
  if (options.image) {
    // The analyzer records the run image itself (analyzed.toml), from the stand-in run.toml names.
    checkLayoutDir(workspace.layout);
    await writeRunStandin(workspace.layout, target, buildIds(user));
    await writeFile(workspace.run, runToml());
  } else {
    await writeFile(workspace.analyzed, analyzedToml(target));
  }
  // Last, so that everything above (copies included) is the build user's.
  if (user) await handOver(work, user);

  const lifecycle = new Lifecycle({ workspace, lifecycle: tools.lifecycle, launcher: tools.launcher, user, logLevel: logLevelFor(options.env), where: options.appDir, log });
  return { workspace, order, user, tools, lifecycle, log, logs, remove: () => rm(work, { recursive: true, force: true }) };
}

/**
 * A new work dir under the system's temp dir, private as mkdtemp's, but named in lowercase: an
 * export's layout dir lives in it, and the lifecycle checks layout paths as image references.
 */
async function makeWorkDir(): Promise<string> {
  for (;;) {
    const dir = join(tmpdir(), `fnpacks-devkit-${randomBytes(6).toString("hex")}`);
    const made = await mkdir(dir, { mode: 0o700 }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "EEXIST") return false;
        throw error;
      },
    );
    if (made) return dir;
  }
}
