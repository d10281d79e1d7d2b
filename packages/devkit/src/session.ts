// A build session: everything a lifecycle run needs, made ready in order — tools, the
// workspace with the app's copy, the order and its buildpacks where the build user reaches
// them, the platform env, the run image's record — and the lifecycle to run in it.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accessProbe, type BuildUser, buildUser, handOver, reachableBuildpacks, reachableTools } from "./build-user";
import { layOutBuildpacks, localBuildpacks, writeOrder } from "./buildpacks";
import { DevkitError } from "./errors";
import { Lifecycle, logLevelFor } from "./lifecycle";
import { type BuildOrder, resolveBuildOrder } from "./order";
import { DEFAULT_CACHE_DIR } from "./paths";
import type { BuildOptions } from "./platform";
import { platformEnv, writePlatformEnv } from "./platform-env";
import { analyzedToml, runImageTarget } from "./run-image";
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

/** Prepares a build of options.appDir; a failure leaves no temp dir behind. */
export async function openSession(options: BuildOptions): Promise<BuildSession> {
  if (!existsSync(join(options.appDir, "."))) throw new DevkitError(`app dir ${options.appDir} does not exist`, { fix: "pass the directory of a Go module" });
  const work = options.workDir ?? (await mkdtemp(join(tmpdir(), "fnpacks-devkit-")));
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
  await writeFile(workspace.analyzed, analyzedToml(runImageTarget(options.target)));
  // Last, so that everything above (copies included) is the build user's.
  if (user) await handOver(work, user);

  const lifecycle = new Lifecycle({ workspace, lifecycle: tools.lifecycle, user, logLevel: logLevelFor(options.env), where: options.appDir, log });
  return { workspace, order, user, tools, lifecycle, log, logs, remove: () => rm(work, { recursive: true, force: true }) };
}
