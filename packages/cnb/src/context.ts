import { path } from "@fnpacks/host-io";
import type { BuildpackInfo } from "./buildpack-info";
import type { Layers } from "./layers";
import type { Logger } from "./logger";
import type { PlanEntry } from "./plan";

/** What the lifecycle says about the image the app will run on (Buildpack API ≥ 0.10). */
export interface Target {
  os: string;
  arch: string;
  archVariant?: string;
  distro?: { name: string; version: string };
}

interface CommonContext {
  /** The app directory: the working directory the lifecycle started us in. */
  appDir: string;
  buildpackDir: string;
  platformDir: string;
  buildpack: BuildpackInfo;
  target: Target;
  /** CNB_EXEC_ENV (Buildpack API ≥ 0.13): "production" unless the platform says otherwise. */
  execEnv: string;
  /** The process environment, platform env vars (BP_*) included: injected for tests. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

export type DetectContext = CommonContext;

export interface BuildContext extends CommonContext {
  layers: Layers;
  /** The entries of the buildpack plan this buildpack is to satisfy. */
  plan: PlanEntry[];
}

/** Where the lifecycle put our inputs and wants our outputs. */
export interface DetectPaths {
  platformDir: string;
  buildPlanPath: string;
}

export interface BuildPaths {
  layersDir: string;
  platformDir: string;
  planPath: string;
}

/**
 * Buildpack API ≥ 0.8 passes paths as CNB_* variables; older platforms pass them as positional
 * arguments (`detect <platform> <plan>`, `build <layers> <platform> <plan>`), kept as fallback.
 */
export function detectPaths(env: NodeJS.ProcessEnv, args: string[]): DetectPaths {
  return {
    platformDir: required("CNB_PLATFORM_DIR", env.CNB_PLATFORM_DIR || args[0]),
    buildPlanPath: required("CNB_BUILD_PLAN_PATH", env.CNB_BUILD_PLAN_PATH || args[1]),
  };
}

export function buildPaths(env: NodeJS.ProcessEnv, args: string[]): BuildPaths {
  return {
    layersDir: required("CNB_LAYERS_DIR", env.CNB_LAYERS_DIR || args[0]),
    platformDir: required("CNB_PLATFORM_DIR", env.CNB_PLATFORM_DIR || args[1]),
    planPath: required("CNB_BP_PLAN_PATH", env.CNB_BP_PLAN_PATH || args[2]),
  };
}

export function readTarget(env: NodeJS.ProcessEnv, hostArch: string = process.arch): Target {
  const target: Target = {
    os: env.CNB_TARGET_OS || "linux",
    arch: env.CNB_TARGET_ARCH || goArch(hostArch),
  };
  if (env.CNB_TARGET_ARCH_VARIANT) target.archVariant = env.CNB_TARGET_ARCH_VARIANT;
  if (env.CNB_TARGET_DISTRO_NAME) {
    target.distro = { name: env.CNB_TARGET_DISTRO_NAME, version: env.CNB_TARGET_DISTRO_VERSION ?? "" };
  }
  return target;
}

/** Where buildpack.toml lives when the lifecycle did not say: two levels above bin/<exe>. */
export function buildpackDirOf(env: NodeJS.ProcessEnv, executable: string): string {
  return env.CNB_BUILDPACK_DIR || path.resolve(path.dirname(executable), "..");
}

/** Node's names for CPU architectures, in the GOARCH / OCI spelling targets use. */
export function goArch(nodeArch: string): string {
  return ({ x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" } as Record<string, string>)[nodeArch] ?? nodeArch;
}

function required(name: string, value: string | undefined): string {
  if (!value) throw new Error(`${name} is not set and no positional argument gives it: is this running under a CNB lifecycle?`);
  return value;
}
