import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join } from "node:path";
import { type Buildpack, type Invocation, runPhase } from "../run";
import { proctimeExecutable } from "./proctime";
import { parseToml, stringifyToml, type TomlTable } from "../toml";


export interface PhaseResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Test support for buildpacks written with @fnpacks/cnb (imported as `@fnpacks/cnb/testing`):
 * the dirs a lifecycle gives a buildpack around a copy of one app, and both ways to run a
 * phase — in this process, or the compiled executable `pnpm build` left in dist/buildpack.
 */
export class Workspace {
  readonly appDir: string;
  readonly platformDir: string;
  readonly layersDir: string;
  readonly detectPlanPath: string;
  readonly buildpackPlanPath: string;

  private constructor(
    readonly root: string,
    /** The buildpack package: buildpack.toml, and dist/buildpack once built. */
    readonly packageDir: string,
  ) {
    this.appDir = join(root, "app");
    this.platformDir = join(root, "platform");
    this.layersDir = join(root, "layers");
    this.detectPlanPath = join(root, "plan.toml");
    this.buildpackPlanPath = join(root, "bp-plan.toml");
  }

  /** A workspace around a copy of appSource (the original is never touched). */
  static async of(packageDir: string, appSource: string): Promise<Workspace> {
    const ws = new Workspace(await mkdtemp(join(tmpdir(), `fnpacks-${basename(appSource)}-`)), packageDir);
    await cp(appSource, ws.appDir, { recursive: true });
    for (const dir of [ws.platformDir, ws.layersDir]) await mkdir(dir, { recursive: true });
    return ws;
  }

  remove(): Promise<void> {
    return rm(this.root, { recursive: true, force: true });
  }

  env(phase: "detect" | "build", extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      CNB_BUILDPACK_DIR: this.packageDir,
      CNB_PLATFORM_DIR: this.platformDir,
      CNB_TARGET_OS: "linux",
      CNB_TARGET_ARCH: "amd64",
      ...(phase === "detect"
        ? { CNB_BUILD_PLAN_PATH: this.detectPlanPath }
        : { CNB_LAYERS_DIR: this.layersDir, CNB_BP_PLAN_PATH: this.buildpackPlanPath }),
      ...extra,
    };
  }

  async detectPlan(): Promise<TomlTable> {
    return parseToml(await readFile(this.detectPlanPath, "utf8"));
  }

  /** The buildpack plan the lifecycle would hand build: detect's requirements, as entries. */
  async planBuildFromDetect(): Promise<void> {
    const requires = ((await this.detectPlan()).requires ?? []) as TomlTable[];
    await writeFile(this.buildpackPlanPath, stringifyToml({ entries: requires }));
  }
}

/** Runs a phase of the buildpack in this process, as bin/<phase> would. */
export async function runInProcess(
  buildpack: Buildpack,
  phase: "detect" | "build",
  ws: Workspace,
  env: NodeJS.ProcessEnv = {},
): Promise<PhaseResult> {
  const out = { stdout: "", stderr: "" };
  const invocation: Invocation = {
    argv0: join(ws.packageDir, "bin", phase),
    args: [],
    env: ws.env(phase, env),
    cwd: ws.appDir,
    executable: join(ws.packageDir, "bin", "run"),
    stdout: (text) => (out.stdout += text),
    stderr: (text) => (out.stderr += text),
  };
  const code = await runPhase(buildpack, invocation);
  return { code, ...out };
}

export interface CompiledPhaseResult extends PhaseResult {
  /** The process's peak resident memory, as the kernel counted it when it exited. */
  peakRssBytes: number;
}

export interface CompiledOptions {
  /** Holds buildpack.toml (CNB_BUILDPACK_DIR); default: the package's dist/buildpack. */
  buildpackDir?: string;
  /** Holds the executables; default: `<buildpackDir>/bin`. Another target's: dist/targets/linux/<arch>/bin. */
  binDir?: string;
  /**
   * A command the executable runs under, e.g. a user-mode emulator `[qemu-aarch64, "-L", sysroot]`
   * (its peak memory is then the emulator's). The executable's path is its last argument, so
   * the name it was invoked by is still bin/<phase>.
   */
  wrapper?: string[];
}

/**
 * Runs the compiled executable with an empty environment (no node on PATH), under proctime,
 * which reads its peak memory from the kernel when it exits: polling /proc while it ran missed
 * a detect of a few milliseconds.
 */
export async function runCompiled(
  phase: "detect" | "build",
  ws: Workspace,
  env: NodeJS.ProcessEnv = {},
  options: CompiledOptions = {},
): Promise<CompiledPhaseResult> {
  const buildpackDir = options.buildpackDir ?? join(ws.packageDir, "dist", "buildpack");
  const executable = join(options.binDir ?? join(buildpackDir, "bin"), phase);
  const measured = await mkdtemp(join(tmpdir(), "fnpacks-run-compiled-"));
  try {
    const argv = [...(options.wrapper ?? []), executable];
    return await runMeasured(join(measured, "measurement.json"), argv, { cwd: ws.appDir, env: { PATH: "/usr/bin:/bin", ...ws.env(phase, env), CNB_BUILDPACK_DIR: buildpackDir } });
  } finally {
    await rm(measured, { recursive: true, force: true });
  }
}

/** Runs argv under proctime, which writes the process's exit code and peak memory to `measurement`. */
async function runMeasured(measurement: string, argv: string[], how: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CompiledPhaseResult> {
  const child = spawn(proctimeExecutable(), ["-out", measurement, ...argv], { ...how, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const proctimeCode = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode) => resolve(exitCode));
  });
  if (proctimeCode !== 0) throw new Error(`proctime could not run ${argv.join(" ")} (exit ${proctimeCode}): ${stderr}`);
  const result = JSON.parse(await readFile(measurement, "utf8")) as { peakKb: number; code: number };
  return { code: result.code, stdout, stderr, peakRssBytes: result.peakKb * 1024 };
}

/**
 * Workspaces for one test file: `afterAll` (jest's, passed in) removes them. A relative source
 * is a fixture under the package's test/fixtures.
 */
export function useWorkspaces(packageDir: string, afterAll: (fn: () => Promise<unknown>) => void): (source: string) => Promise<Workspace> {
  const created: Workspace[] = [];
  afterAll(() => Promise.all(created.map((ws) => ws.remove())));
  return async (source) => {
    const ws = await Workspace.of(packageDir, isAbsolute(source) ? source : join(packageDir, "test", "fixtures", source));
    created.push(ws);
    return ws;
  };
}
