import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join } from "node:path";
import { promisify } from "node:util";
import { type Buildpack, type Invocation, parseToml, runPhase, stringifyToml, type TomlTable } from "@fnpacks/cnb";

const execFileAsync = promisify(execFile);


export interface PhaseResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Test support for signature buildpacks (imported by their tests as
 * `@fnpacks/go-function/dist/testing`): the dirs a lifecycle gives a buildpack around a copy of
 * one app, and both ways to run a phase — in this process, or the compiled executable.
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

/** Runs the compiled executable with an empty environment: no node on PATH. */
export async function runCompiled(phase: "detect" | "build", ws: Workspace, env: NodeJS.ProcessEnv = {}): Promise<PhaseResult> {
  const executable = join(ws.packageDir, "dist", "buildpack", "bin", phase);
  try {
    const { stdout, stderr } = await execFileAsync(executable, [], {
      cwd: ws.appDir,
      env: { PATH: "/usr/bin:/bin", ...ws.env(phase, env), CNB_BUILDPACK_DIR: join(ws.packageDir, "dist", "buildpack") },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
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
