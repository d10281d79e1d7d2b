// The lifecycle's phases, run in a workspace as a platform runs them: one binary that picks its
// phase by argv[0], a clean environment, the build user, and the phase's exit code turned into
// an error the user can act on. Each phase reads and writes only the workspace's files, so
// phases can be added (an exporter, say) without touching the others.
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

export class Lifecycle {
  constructor(
    private readonly session: LifecycleSession,
    /** Runs a command; injected so a phase's flags and failures are tested without the lifecycle. */
    private readonly run = exec,
  ) {}

  /** The detector: which group of the workspace's order passes, and its plan. */
  async detect(): Promise<Detection> {
    const { workspace: ws, log } = this.session;
    const detectOutput = await this.phase("detector", ["-order", ws.order, "-group", ws.group, "-plan", ws.plan]);
    const group = parseGroupToml(await readFile(ws.group, "utf8"), ws.group);
    log(`devkit: detection picked ${group.map((e) => `${e.id}@${e.version}`).join(", ")}`);
    // A group that requires nothing leaves no plan.toml.
    const plan = parsePlanToml(await readFile(ws.plan, "utf8").catch(() => ""), ws.plan);
    return { group, plan, detectOutput };
  }

  /** The builder: runs the detected group's builds into the workspace's layers; its output. */
  build(): Promise<string> {
    const ws = this.session.workspace;
    return this.phase("builder", ["-group", ws.group, "-plan", ws.plan]);
  }

  private async phase(name: LifecyclePhase, args: string[]): Promise<string> {
    const { workspace: ws, lifecycle, user, logLevel, where, log } = this.session;
    const common = ["-app", ws.app, "-buildpacks", ws.buildpacks, "-layers", ws.layers, "-platform", ws.platform, "-analyzed", ws.analyzed];
    const result = await this.run(lifecycle, [...common, ...args, "-log-level", logLevel], {
      env: lifecycleEnv(ws, user),
      argv0: name,
      onLine: log,
      ...user,
    });
    if (result.code !== 0) throw lifecycleFailure(name, result.code, where, result.output);
    return result.output;
  }
}
