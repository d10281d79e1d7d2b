// The platform devkit is, as its public API: build (or only detect) an app dir through the
// real lifecycle, optionally export it as an OCI image, then start what was built through the
// real launcher. The steps live in session.ts (preparing a build), lifecycle.ts (running its
// phases) and image-export.ts (the image left for the user).
import { join } from "node:path";
import type { GroupEntry } from "./buildpacks";
import { checkImageDestination, checkImageTarget, EXPORTED_IMAGE, type ExportedImage, exportImage } from "./image-export";
import { type LayerCacheOptions, withCachedLayers } from "./layer-cache";
import { BUILD_PATH } from "./lifecycle";
import type { ResolvedPlan } from "./lifecycle-files";
import { DEFAULT_CACHE_DIR } from "./paths";
import { type RunningApp, type StartOptions, startApp } from "./process";
import { runImageTarget, type Target } from "./run-image";
import { type BuildSession, openSession } from "./session";

export interface BuildOptions {
  appDir: string;
  /**
   * Groups tried in order, each a list of buildpack dirs (or the names isBuildpackName knows:
   * GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN, GO_BUILD). Default: the order of `order` below.
   */
  groups?: string[][];
  /**
   * Alone, one group: `buildpacks: [a, b]` is `groups: [[a, b]]`. With `order`, more buildpacks
   * (beyond the stand-ins, go-build and this repository's) that the order's groups may name.
   */
  buildpacks?: string[];
  /**
   * A composite buildpack.toml whose order to use, restricted to the buildpacks devkit has:
   * go-dist and go-mod-vendor become devkit's stand-ins, go-build is v1.1.4 built from its
   * module, optional members devkit lacks are left out (all of it logged, see
   * resolveComposite). Default, when neither groups nor buildpacks are given: this repository's
   * order/buildpack.toml, whose groups with go-mod-vendor come first (the ones a real Paketo
   * builder runs, as go-mod-vendor passes whenever go.mod exists); without that file, per built
   * signature buildpack [go-dist stand-in, it, go-mod-vendor stand-in, go-build] and the same
   * without go-mod-vendor, then plain Go likewise (see groupsPerSignature).
   */
  order?: string;
  /** Platform env: BP_* and the like, written as files in <platform>/env. */
  env?: Record<string, string>;
  target?: Partial<Target>;
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
  /**
   * Also export the app as an image, as a platform does (analyzer first, exporter last), into
   * this OCI image layout dir: made if absent; an existing layout gets the image added (tag
   * "latest", replacing the entry of that tag); a non-empty dir that is no layout is refused
   * before anything is built. The run image is devkit's stand-in (see run-image.ts).
   */
  image?: string;
}

export interface BuiltApp extends DetectedApp {
  buildOutput: string;
  /** The exported image, when `image` was asked for. */
  image?: ExportedImage;
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
  const session = await openSession({ ...options, image: undefined });
  try {
    return { ...(await session.lifecycle.detect()), ...described(session) };
  } catch (error) {
    if (!options.workDir) await session.remove();
    throw error;
  }
}

/**
 * Builds an app dir through the real lifecycle, as a platform would: detector, then builder;
 * with `image`, analyzer first and exporter last.
 */
export async function buildApp(options: BuildOptions): Promise<BuiltApp> {
  // An image devkit cannot make, or cannot leave where asked, fails now, not after the build.
  if (options.image !== undefined) checkImageTarget(runImageTarget(options.target));
  const destination = options.image === undefined ? undefined : await checkImageDestination(options.image);
  const session = await openSession(options);
  try {
    if (destination) await session.lifecycle.analyze(EXPORTED_IMAGE);
    const detected = await session.lifecycle.detect();
    const cache = layerCache(options, session, detected.group);
    const buildOutput = await withCachedLayers(cache, session.log, () => session.lifecycle.build());
    const { workspace, tools, user } = session;
    const image = destination ? await exportImage(session.lifecycle, workspace, destination, session.log) : undefined;
    const started: RunningApp[] = [];
    return {
      ...detected,
      ...described(session),
      buildOutput,
      ...(image ? { image } : {}),
      appDir: workspace.app,
      layersDir: workspace.layers,
      async start(startOptions = {}) {
        const app = await startApp({
          ...startOptions,
          launcher: tools.launcher,
          appDir: workspace.app,
          layersDir: workspace.layers,
          home: workspace.home,
          path: BUILD_PATH,
          ...user,
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

/** What every result says of its session. */
function described(session: BuildSession): Pick<DetectedApp, "notes" | "logs" | "workDir" | "remove"> {
  return { notes: session.order.notes, logs: session.logs, workDir: session.workspace.root, remove: session.remove };
}

/** The layer cache the build keeps (see BuildOptions.layerCache), owned by the build user. */
function layerCache(options: BuildOptions, session: BuildSession, group: GroupEntry[]): LayerCacheOptions | undefined {
  const cacheDir = options.layerCache ?? join(options.cacheDir ?? DEFAULT_CACHE_DIR, "layers");
  if (!cacheDir) return undefined;
  return { cacheDir, layersDir: session.workspace.layers, group, ...(session.user ? { owner: session.user } : {}) };
}
