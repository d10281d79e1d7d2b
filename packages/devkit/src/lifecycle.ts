// The lifecycle's phases, run in a workspace as a platform runs them: one binary that picks its
// phase by argv[0], a clean environment, the build user, and the phase's exit code turned into
// an error the user can act on. Each phase reads and writes only the workspace's files. A build
// is detector then builder; exporting an image puts the analyzer first and the exporter last,
// both on an OCI layout dir instead of a registry (the lifecycle's experimental layout mode).
import { readFile } from "node:fs/promises";
import { type BuildUser, buildIds } from "./build-user";
import type { GroupEntry } from "./buildpacks";
import { exec } from "./exec";
import { type LifecyclePhase, lifecycleFailure } from "./lifecycle-exit";
import { parseGroupToml, parsePlanToml, type ResolvedPlan } from "./lifecycle-files";
import { PLATFORM_API } from "./platform-api";
import type { BuildWorkspace } from "./workspace";

/** No Go here: the go-dist stand-in has to provide it, as go-dist would in a real build. */
export const BUILD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export type LogLevel = "debug" | "info";

/** What a lifecycle run needs besides its phase's own flags. */
export interface LifecycleSession {
  workspace: BuildWorkspace;
  /** The lifecycle binary, where the build user can run it. */
  lifecycle: string;
  /** The launcher, where the build user can read it: the exporter puts it into the image. */
  launcher: string;
  /** Who the phases run as; undefined: devkit's own user. */
  user: BuildUser | undefined;
  logLevel: LogLevel;
  /** The app as the user named it (not the workspace's copy): errors point there. */
  where: string;
  /** Each line a phase prints, as it prints it. */
  log: (line: string) => void;
}

export interface Detection {
  /** The group detection picked (group.toml). */
  group: GroupEntry[];
  /** plan.toml as detection resolved it. */
  plan: ResolvedPlan;
  detectOutput: string;
}

/** The lifecycle's own log level follows the buildpacks': BP_LOG_LEVEL=DEBUG shows both. */
export function logLevelFor(platformEnv: Record<string, string> = {}): LogLevel {
  return platformEnv.BP_LOG_LEVEL?.toUpperCase() === "DEBUG" ? "debug" : "info";
}

/**
 * The phases' process env: nothing of the host's (buildpacks get settings only as platform env
 * files), a PATH without Go, and the ids the build runs as.
 */
export function lifecycleEnv(workspace: BuildWorkspace, user: BuildUser | undefined): Record<string, string> {
  const ids = buildIds(user);
  return {
    PATH: BUILD_PATH,
    HOME: workspace.home,
    CNB_PLATFORM_API: PLATFORM_API,
    CNB_USER_ID: String(ids.uid),
    CNB_GROUP_ID: String(ids.gid),
    CNB_NO_COLOR: "true",
  };
}

/**
 * What the layout phases need besides the usual env: exporting to an OCI layout is experimental
 * in lifecycle v0.21 (CNB_EXPERIMENTAL_MODE defaults to "error"); "warn" has the lifecycle say so.
 */
export const LAYOUT_ENV: Record<string, string> = { CNB_EXPERIMENTAL_MODE: "warn" };

export class Lifecycle {
  constructor(
    private readonly session: LifecycleSession,
    /** Runs a command; injected so a phase's flags and failures are tested without the lifecycle. */
    private readonly run = exec,
  ) {}

  /**
   * The analyzer, on the workspace's layout dir: finds the run image that run.toml names there and
   * records it (reference and target) in analyzed.toml, which the detector and exporter read.
   * `image` is the app image's name, in the same layout dir (a previous image, if one is there).
   */
  async analyze(image: string): Promise<string> {
    const ws = this.session.workspace;
    return this.phase("analyzer", ["-layers", ws.layers, "-analyzed", ws.analyzed, "-run", ws.run, ...this.layoutFlags()], [image], LAYOUT_ENV);
  }

  /** The detector: which group of the workspace's order passes, and its plan. */
  async detect(): Promise<Detection> {
    const { workspace: ws, log } = this.session;
    const detectOutput = await this.phase("detector", [...this.buildpackFlags(), "-order", ws.order, "-group", ws.group, "-plan", ws.plan]);
    const group = parseGroupToml(await readFile(ws.group, "utf8"), ws.group);
    log(`devkit: detection picked ${group.map((e) => `${e.id}@${e.version}`).join(", ")}`);
    // A group that requires nothing leaves no plan.toml.
    const plan = parsePlanToml(await readFile(ws.plan, "utf8").catch(() => ""), ws.plan);
    return { group, plan, detectOutput };
  }

  /** The builder: runs the detected group's builds into the workspace's layers; its output. */
  build(): Promise<string> {
    const ws = this.session.workspace;
    return this.phase("builder", [...this.buildpackFlags(), "-group", ws.group, "-plan", ws.plan]);
  }

  /**
   * The exporter: makes the app image `image` in the workspace's layout dir from the run image the
   * analyzer recorded, the group's launch layers, the app dir and the launcher; its output.
   */
  export(image: string): Promise<string> {
    const { workspace: ws, launcher } = this.session;
    const flags = ["-app", ws.app, "-layers", ws.layers, "-analyzed", ws.analyzed, "-group", ws.group, "-run", ws.run];
    return this.phase("exporter", [...flags, "-launcher", launcher, "-report", ws.report, ...this.layoutFlags()], [image], LAYOUT_ENV);
  }

  /** What detector and builder share: where the app, buildpacks, layers and platform are. */
  private buildpackFlags(): string[] {
    const ws = this.session.workspace;
    return ["-app", ws.app, "-buildpacks", ws.buildpacks, "-layers", ws.layers, "-platform", ws.platform, "-analyzed", ws.analyzed];
  }

  private layoutFlags(): string[] {
    return ["-layout", "-layout-dir", this.session.workspace.layout];
  }

  /** Runs a phase: its flags, then the log level, then its arguments (flags stop at the first). */
  private async phase(name: LifecyclePhase, flags: string[], args: string[] = [], env: Record<string, string> = {}): Promise<string> {
    const { workspace: ws, lifecycle, user, logLevel, where, log } = this.session;
    const result = await this.run(lifecycle, [...flags, "-log-level", logLevel, ...args], {
      env: { ...lifecycleEnv(ws, user), ...env },
      argv0: name,
      onLine: log,
      ...user,
    });
    if (result.code !== 0) throw lifecycleFailure(name, result.code, where, result.output);
    return result.output;
  }
}
