import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type GroupEntry, layOutBuildpacks, localBuildpacks, writeOrder } from "./buildpacks";
import { accessProbe, buildIds, buildUser, handOver, reachableBuildpacks, reachableTools } from "./build-user";
import { DevkitError } from "./errors";
import { exec } from "./exec";
import { lifecycleFailure } from "./lifecycle-exit";
import { restoreCachedLayers, saveCachedLayers } from "./layer-cache";
import { parseGroupToml, parsePlanToml, type ResolvedPlan } from "./lifecycle-files";
import { resolveBuildOrder } from "./order";
import { PLATFORM_API } from "./platform-api";
import { platformEnv, writePlatformEnv } from "./platform-env";
import { DEFAULT_CACHE_DIR } from "./paths";
import { type RunningApp, type StartOptions, startApp } from "./process";
import { ensureTools, hostGoRoot } from "./tools";

/** No Go here: the go-dist stand-in has to provide it, as go-dist would in a real build. */
const BUILD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface BuildOptions {
  appDir: string;
  /**
   * Groups tried in order, each a list of buildpack dirs (or GO_DIST_STANDIN, GO_BUILD).
   * Default: the order of `order` below.
   */
  groups?: string[][];
  /**
   * Alone, one group: `buildpacks: [a, b]` is `groups: [[a, b]]`. With `order`, more buildpacks
   * (beyond the stand-in, go-build and this repository's) that the order's groups may name.
   */
  buildpacks?: string[];
  /**
   * A composite buildpack.toml whose order to use, restricted to the buildpacks devkit has
   * (go-dist becomes the stand-in; what is left out is logged). Default, when neither groups nor
   * buildpacks are given: this repository's order/buildpack.toml, or without one, a group per
   * built signature buildpack ([stand-in, it, go-build]) and then [stand-in, go-build].
   */
  order?: string;
  /** Platform env: BP_* and the like, written as files in <platform>/env. */
  env?: Record<string, string>;
  target?: { os?: string; arch?: string };
  /** Where to build; default: a new temp dir, removed by BuiltApp.remove(). */
  workDir?: string;
  /** Built tools, and the layer cache by default: `.cache/devkit` at the repository root. */
  cacheDir?: string;
  /**
   * Where layers buildpacks mark `cache = true` (go-build's GOCACHE, say) are kept between
   * builds, as a platform's cache volume; default `<cacheDir>/layers`, shared by all builds
   * (buildpacks must cope with any cache, and Go's is content-addressed). false: none.
   */
  layerCache?: string | false;
  /** Each line the lifecycle prints, as it prints it. */
  log?: (line: string) => void;
}

export interface BuiltApp extends DetectedApp {
  buildOutput: string;
  /** The build's copy of the app (go-build removes its sources). */
  appDir: string;
  layersDir: string;
  start(options?: StartOptions): Promise<RunningApp>;
}

export interface DetectedApp {
  /** The group detection picked. */
  group: GroupEntry[];
  /** plan.toml as detection resolved it. */
  plan: ResolvedPlan;
  /** Substitutions and omissions made to the order (see resolveComposite). */
  notes: string[];
  detectOutput: string;
  /** Every line devkit and the lifecycle printed, in order. */
  logs: string[];
  workDir: string;
  /** Kills whatever start() started, then deletes the build dir (the caller's workDir too, if given). */
  remove(): Promise<void>;
}

/** Runs only the lifecycle's detector: which group, and which plan, would build the app. */
export async function detectApp(options: BuildOptions): Promise<DetectedApp> {
  const session = await prepare(options);
  try {
    return { ...(await session.detect()), logs: session.logs, workDir: session.work, remove: session.remove };
  } catch (error) {
    if (!options.workDir) await session.remove();
    throw error;
  }
}

/** Builds an app dir through the real lifecycle: detector, then builder, as a platform would. */
export async function buildApp(options: BuildOptions): Promise<BuiltApp> {
  const session = await prepare(options);
  try {
    const detected = await session.detect();
    const layerCache = options.layerCache ?? join(options.cacheDir ?? DEFAULT_CACHE_DIR, "layers");
    const cache = layerCache
      ? { cacheDir: layerCache, layersDir: session.dirs.layers, group: detected.group, ...(session.user ? { owner: session.user } : {}) }
      : undefined;
    // Only a speed-up: a cache that cannot be read or written costs time, never the build.
    const skipped = (error: unknown) => session.log(`devkit: layer cache ${cache?.cacheDir} skipped: ${(error as Error).message}`);
    if (cache) {
      const restored = await restoreCachedLayers(cache).catch((error: unknown) => {
        skipped(error);
        return [];
      });
      if (restored.length > 0) session.log(`devkit: restored cached layers ${restored.join(", ")} from ${cache.cacheDir}`);
    }
    const buildOutput = await session.phase("builder", ["-group", session.groupPath, "-plan", session.planPath]);
    if (cache) await saveCachedLayers(cache).catch(skipped);
    const started: RunningApp[] = [];
    return {
      ...detected,
      buildOutput,
      logs: session.logs,
      workDir: session.work,
      appDir: session.dirs.app,
      layersDir: session.dirs.layers,
      async start(startOptions = {}) {
        const app = await startApp({
          ...startOptions,
          launcher: session.tools.launcher,
          appDir: session.dirs.app,
          layersDir: session.dirs.layers,
          home: session.dirs.home,
          path: BUILD_PATH,
          ...session.user,
        });
        started.push(app);
        return app;
      },
      // A test that failed half-way leaves no process behind to hold jest open.
      async remove() {
        await Promise.all(started.map((app) => app.kill()));
        await session.remove();
      },
    };
  } catch (error) {
    if (!options.workDir) await session.remove();
    throw error;
  }
}

/** Everything a lifecycle run needs: tools, work dirs, the app's copy, buildpacks, order, platform env. */
async function prepare(options: BuildOptions) {
  if (!existsSync(join(options.appDir, "."))) throw new DevkitError(`app dir ${options.appDir} does not exist`, { fix: "pass the directory of a Go module" });
  const work = options.workDir ?? (await mkdtemp(join(tmpdir(), "fnpacks-devkit-")));
  try {
    return await prepareIn(work, options);
  } catch (error) {
    if (!options.workDir) await rm(work, { recursive: true, force: true });
    throw error;
  }
}

async function prepareIn(work: string, options: BuildOptions) {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const logs: string[] = [];
  const log = (line: string) => {
    logs.push(line);
    options.log?.(line);
  };
  const builtTools = await ensureTools({ cacheDir, log });
  const remove = () => rm(work, { recursive: true, force: true });
  const dirs = {
    app: join(work, "workspace"),
    layers: join(work, "layers"),
    platform: join(work, "platform"),
    buildpacks: join(work, "buildpacks"),
    home: join(work, "home"),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  await cp(resolve(options.appDir), dirs.app, { recursive: true });

  const resolved = await resolveBuildOrder(options, localBuildpacks(builtTools, cacheDir));
  const { groups, notes } = resolved;
  for (const note of notes) log(`devkit: ${note}`);
  const user = buildUser();
  // The lifecycle runs as the build user: what it cannot reach where it is (a checkout under a
  // 0700 dir, say) is copied into the work dir, which it owns.
  const probe = user && accessProbe(user);
  const copies = join(work, "copies");
  const buildpacks = probe ? await reachableBuildpacks(resolved.buildpacks, copies, probe) : resolved.buildpacks;
  const tools = probe ? await reachableTools(builtTools, copies, probe) : builtTools;
  await layOutBuildpacks(dirs.buildpacks, buildpacks);
  const orderPath = join(work, "order.toml");
  await writeOrder(orderPath, groups);
  await writePlatformEnv(dirs.platform, platformEnv(options.env, await hostGoRoot()));
  const analyzed = join(dirs.layers, "analyzed.toml");
  const { os, arch } = runImageTarget(options.target);
  // What the analyzer would record of the run image: detection matches buildpacks' [[targets]] to it.
  await writeFile(analyzed, `[run-image]\n  reference = ""\n  [run-image.target]\n    os = "${os}"\n    arch = "${arch}"\n`);

  if (user) await handOver(work, user);
  const ids = buildIds(user);
  const env = {
    PATH: BUILD_PATH,
    HOME: dirs.home,
    CNB_PLATFORM_API: PLATFORM_API,
    CNB_USER_ID: String(ids.uid),
    CNB_GROUP_ID: String(ids.gid),
    CNB_NO_COLOR: "true",
  };
  const logLevel = options.env?.BP_LOG_LEVEL?.toUpperCase() === "DEBUG" ? "debug" : "info";
  const common = ["-app", dirs.app, "-buildpacks", dirs.buildpacks, "-layers", dirs.layers, "-platform", dirs.platform, "-analyzed", analyzed];
  const phase = async (name: "detector" | "builder", args: string[]) => {
    const result = await exec(tools.lifecycle, [...common, ...args, "-log-level", logLevel], { env, argv0: name, onLine: log, ...user });
    if (result.code !== 0) throw lifecycleFailure(name, result.code, options.appDir, result.output);
    return result.output;
  };
  const groupPath = join(dirs.layers, "group.toml");
  const planPath = join(dirs.layers, "plan.toml");
  const detect = async () => {
    const detectOutput = await phase("detector", ["-order", orderPath, "-group", groupPath, "-plan", planPath]);
    const group = parseGroupToml(await readFile(groupPath, "utf8"), groupPath);
    log(`devkit: detection picked ${group.map((e) => `${e.id}@${e.version}`).join(", ")}`);
    const plan = parsePlanToml(await readFile(planPath, "utf8").catch(() => ""), planPath);
    return { group, plan, notes, detectOutput };
  };
  return { tools, work, dirs, user, phase, detect, groupPath, planPath, remove, log, logs };
}

/** The run image's target; devkit runs what it builds on this machine, so linux and a Go arch. */
export function runImageTarget(given: BuildOptions["target"] = {}): { os: string; arch: string } {
  const os = given.os ?? "linux";
  const arch = given.arch ?? (process.arch === "arm64" ? "arm64" : "amd64");
  if (os !== "linux" || !["amd64", "arm64"].includes(arch)) {
    throw new DevkitError(`target ${os}/${arch} is not one devkit builds for`, { fix: "use linux/amd64 or linux/arm64 (the default is this machine's)" });
  }
  return { os, arch };
}
