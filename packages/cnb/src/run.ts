import { outputWriter, writeTextFile } from "@fnpacks/host-io";
import { type BuildpackInfo, readBuildpackInfo } from "./buildpack-info";
import { readConfig } from "./config";
import { type BuildContext, buildpackDirOf, type DetectContext, detectPaths, readTarget } from "./context";
import { isUserError } from "./errors";
import type { BuildMetadata, LaunchMetadata } from "./launch";
import type { Layer } from "./layers";
import { createLogger, type Logger } from "./logger";
import { type BuildPlan, buildPlanToml } from "./plan";
import type { SbomDocument } from "./sbom";

export type DetectResult = { pass: true; plan?: BuildPlan } | { pass: false; reason: string };

export interface BuildResult {
  /** Every layer to keep; restored layers not listed here are removed. */
  layers?: Layer[];
  launch?: LaunchMetadata;
  build?: BuildMetadata;
  /**
   * SBOM of what this buildpack put in the app image beyond its layers (`launch.sbom.<ext>`),
   * one document per format; each format must be in buildpack.toml's sbom-formats.
   */
  launchSbom?: SbomDocument[];
  /** SBOM of what it used at build time beyond its layers (`build.sbom.<ext>`), likewise. */
  buildSbom?: SbomDocument[];
}

export type DetectFunc = (context: DetectContext) => Promise<DetectResult>;
export type BuildFunc = (context: BuildContext) => Promise<BuildResult>;

export interface Buildpack {
  detect: DetectFunc;
  build: BuildFunc;
}

/** Exit codes of the Buildpack API. */
export const EXIT = { pass: 0, fail: 100, error: 1 } as const;

/** The process as the lifecycle started it; every field can be injected by a test. */
export interface Invocation {
  /** The invoked name: `.../bin/detect` or `.../bin/build`. */
  argv0: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The executable's path, to find buildpack.toml when CNB_BUILDPACK_DIR is unset. */
  executable: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * The entry point of a buildpack executable: runs detect or build according to the name it
 * was invoked by, then exits with the Buildpack API's code.
 */
export async function run(buildpack: Buildpack, invocation: Partial<Invocation> = {}): Promise<never> {
  const code = await runPhase(buildpack, { ...currentInvocation(), ...invocation });
  // Exit explicitly: a compiled WASM module can otherwise keep the process alive.
  process.exit(code);
}

export async function runPhase(buildpack: Buildpack, invocation: Invocation): Promise<number> {
  const phase = invocation.argv0.slice(invocation.argv0.lastIndexOf("/") + 1);
  const config = readConfig(invocation.env);
  const logger = createLogger({ write: invocation.stdout, debug: config.debug });
  try {
    if (phase === "detect") return await runDetect(buildpack.detect, invocation, logger);
    // The build phase's own code (layers, SBOMs, node:fs/promises) is loaded only when building:
    // evaluating it would cost every detect.
    if (phase === "build") return await (require("./build-phase") as typeof import("./build-phase")).runBuild(buildpack.build, invocation, logger);
    invocation.stderr(`unknown phase ${JSON.stringify(phase)}: invoke this executable as bin/detect or bin/build\n`);
    return EXIT.error;
  } catch (error) {
    invocation.stderr(describeError(error, config.debug));
    return EXIT.error;
  }
}

async function runDetect(detect: DetectFunc, invocation: Invocation, logger: Logger): Promise<number> {
  const paths = detectPaths(invocation.env, invocation.args);
  const context: DetectContext = { ...(await commonContext(invocation, logger)), platformDir: paths.platformDir };
  const result = await detect(context);
  if (!result.pass) {
    logger.debug(`detect failed: ${result.reason}`);
    invocation.stdout(`${context.buildpack.name}: ${result.reason}\n`);
    return EXIT.fail;
  }
  if (result.plan) await writeTextFile(paths.buildPlanPath, buildPlanToml(result.plan));
  return EXIT.pass;
}

export async function commonContext(invocation: Invocation, logger: Logger) {
  const buildpackDir = buildpackDirOf(invocation.env, invocation.executable);
  const buildpack: BuildpackInfo = await readBuildpackInfo(buildpackDir);
  return {
    appDir: invocation.cwd,
    buildpackDir,
    platformDir: "",
    buildpack,
    target: readTarget(invocation.env),
    execEnv: invocation.env.CNB_EXEC_ENV || "production",
    env: invocation.env,
    logger,
  };
}

function describeError(error: unknown, debug: boolean): string {
  if (isUserError(error)) return `${error.format()}\n${debug && error.stack ? `${error.stack}\n` : ""}`;
  const message = error instanceof Error ? error.message : String(error);
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : "";
  const hint = debug ? "" : "\n(set BP_LOG_LEVEL=DEBUG for a stack trace)";
  return `unexpected error: ${message}${stack}${hint}\n`;
}

function currentInvocation(): Invocation {
  return {
    argv0: process.argv0,
    args: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    executable: process.execPath,
    stdout: outputWriter(1),
    stderr: outputWriter(2),
  };
}

