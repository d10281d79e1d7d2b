import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DevkitError, PLATFORM_API } from "../src";
import type { ExecOptions, ExecResult } from "../src/exec";
import { BUILD_PATH, LAYOUT_ENV, Lifecycle, type LifecycleSession, lifecycleEnv, logLevelFor } from "../src/lifecycle";
import { withCachedLayers } from "../src/layer-cache";
import { analyzedToml } from "../src/run-image";
import { type BuildWorkspace, createWorkspace, workspaceAt } from "../src/workspace";

// The lifecycle's phases with the lifecycle faked: which flags, env, user and argv[0] each phase
// gets, what it reads back, and how a failure reads. The e2e tests run the real one.
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "devkit-phases-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

interface Call {
  command: string;
  args: string[];
  options: ExecOptions;
}

/** A lifecycle that records its calls and answers each with `answer` (after writing what it likes). */
function fakeLifecycle(answer: (call: Call) => Promise<ExecResult> | ExecResult) {
  const calls: Call[] = [];
  const run = async (command: string, args: string[], options: ExecOptions = {}) => {
    const call = { command, args, options };
    calls.push(call);
    return answer(call);
  };
  return { calls, run };
}

function session(workspace: BuildWorkspace, overrides: Partial<LifecycleSession> = {}): LifecycleSession & { lines: string[] } {
  const lines: string[] = [];
  return { workspace, lifecycle: "/tools/lifecycle", launcher: "/tools/launcher", user: undefined, logLevel: "info", where: "/apps/hello", log: (line) => lines.push(line), lines, ...overrides };
}

const GROUP = '[[group]]\n  id = "t/a"\n  version = "1.0.0"\n  api = "0.10"\n';
const PLAN = '[[entries]]\n  [[entries.providers]]\n    id = "t/a"\n    version = "1.0.0"\n  [[entries.requires]]\n    name = "go"\n';

describe("the workspace", () => {
  it("puts the platform's dirs and the phases' files under one work dir", () => {
    expect(workspaceAt("/w")).toEqual({
      root: "/w",
      app: "/w/workspace",
      layers: "/w/layers",
      platform: "/w/platform",
      buildpacks: "/w/buildpacks",
      home: "/w/home",
      copies: "/w/copies",
      order: "/w/order.toml",
      group: "/w/layers/group.toml",
      plan: "/w/layers/plan.toml",
      analyzed: "/w/layers/analyzed.toml",
      layout: "/w/layout",
      run: "/w/run.toml",
      report: "/w/layers/report.toml",
    });
  });

  it("is made with a copy of the app, and no copies dir until something needs copying", async () => {
    const app = join(dir, "app");
    await mkdir(join(app, "pkg"), { recursive: true });
    await writeFile(join(app, "pkg", "main.go"), "package main\n");
    const ws = await createWorkspace(join(dir, "work"), app);
    expect(await readFile(join(ws.app, "pkg", "main.go"), "utf8")).toBe("package main\n");
    for (const made of [ws.layers, ws.platform, ws.buildpacks, ws.home]) await expect(readFile(made)).rejects.toThrow(/EISDIR/);
    await expect(readFile(ws.copies)).rejects.toThrow(/ENOENT/);
  });
});

it("records the run image's target as the analyzer would", () => {
  expect(analyzedToml({ os: "linux", arch: "arm64" })).toBe('[run-image]\n  reference = ""\n  [run-image.target]\n    os = "linux"\n    arch = "arm64"\n');
});

it("gives the phases a clean env without Go, and the ids the build runs as", () => {
  const ws = workspaceAt("/w");
  expect(lifecycleEnv(ws, { uid: 1000, gid: 1001 })).toEqual({
    PATH: BUILD_PATH,
    HOME: "/w/home",
    CNB_PLATFORM_API: PLATFORM_API,
    CNB_USER_ID: "1000",
    CNB_GROUP_ID: "1001",
    CNB_NO_COLOR: "true",
  });
});

it("logs at debug when the buildpacks do", () => {
  expect(logLevelFor({ BP_LOG_LEVEL: "debug" })).toBe("debug");
  expect(logLevelFor({ BP_LOG_LEVEL: "INFO" })).toBe("info");
  expect(logLevelFor()).toBe("info");
});

describe("the detector", () => {
  it("runs as `detector` with the workspace's order, as the build user, and reads back group and plan", async () => {
    const ws = workspaceAt(dir);
    await mkdir(ws.layers);
    const lifecycle = fakeLifecycle(async (call) => {
      call.options.onLine?.("======== Results ========");
      await writeFile(ws.group, GROUP);
      await writeFile(ws.plan, PLAN);
      return { code: 0, output: "======== Results ========\npass: t/a@1.0.0\n" };
    });
    const s = session(ws, { user: { uid: 1000, gid: 1000 }, logLevel: "debug" });
    const detection = await new Lifecycle(s, lifecycle.run).detect();

    expect(detection).toEqual({
      group: [{ id: "t/a", version: "1.0.0" }],
      plan: { entries: [{ providers: [{ id: "t/a", version: "1.0.0" }], requires: [{ name: "go" }] }] },
      detectOutput: "======== Results ========\npass: t/a@1.0.0\n",
    });
    const [call] = lifecycle.calls;
    expect(call?.command).toBe("/tools/lifecycle");
    expect(call?.args).toEqual([
      ...["-app", ws.app, "-buildpacks", ws.buildpacks, "-layers", ws.layers, "-platform", ws.platform, "-analyzed", ws.analyzed],
      ...["-order", ws.order, "-group", ws.group, "-plan", ws.plan],
      ...["-log-level", "debug"],
    ]);
    expect(call?.options).toMatchObject({ argv0: "detector", uid: 1000, gid: 1000, env: lifecycleEnv(ws, { uid: 1000, gid: 1000 }) });
    expect(s.lines).toEqual(["======== Results ========", "devkit: detection picked t/a@1.0.0"]);
  });

  it("takes a missing plan.toml (a group that requires nothing) as an empty plan", async () => {
    const ws = workspaceAt(dir);
    await mkdir(ws.layers);
    const lifecycle = fakeLifecycle(async () => {
      await writeFile(ws.group, GROUP);
      return { code: 0, output: "" };
    });
    expect((await new Lifecycle(session(ws), lifecycle.run).detect()).plan).toEqual({ entries: [] });
    expect(lifecycle.calls[0]?.options).not.toHaveProperty("uid"); // devkit's own user: no switch
  });

  it("fails with what the exit code means, where, the fix and the detector's output", async () => {
    const lifecycle = fakeLifecycle(() => ({ code: 20, output: "fail: t/a: not a function\n" }));
    const error = await new Lifecycle(session(workspaceAt(dir)), lifecycle.run).detect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DevkitError);
    const message = (error as DevkitError).format();
    expect(message).toMatch(/^the lifecycle detector failed with exit code 20: no buildpack group passed detection\n {2}at \/apps\/hello\n {2}fix: no group/);
    expect(message).toMatch(/\n\nfail: t\/a: not a function$/);
  });
});

describe("the builder", () => {
  it("runs as `builder` with the group and plan detection wrote, and returns its output", async () => {
    const ws = workspaceAt(dir);
    const lifecycle = fakeLifecycle(() => ({ code: 0, output: "built\n" }));
    expect(await new Lifecycle(session(ws), lifecycle.run).build()).toBe("built\n");
    expect(lifecycle.calls[0]?.options.argv0).toBe("builder");
    expect(lifecycle.calls[0]?.args.slice(10)).toEqual(["-group", ws.group, "-plan", ws.plan, "-log-level", "info"]);
  });

  it("fails with the builder's meaning and fix", async () => {
    const lifecycle = fakeLifecycle(() => ({ code: 51, output: "boom\n" }));
    await expect(new Lifecycle(session(workspaceAt(dir)), lifecycle.run).build()).rejects.toThrow(
      "the lifecycle builder failed with exit code 51: a buildpack's bin/build failed",
    );
  });
});

describe("the phases of an export, on an OCI layout dir", () => {
  it("runs the analyzer with run.toml on the layout dir, in experimental mode, the image name last", async () => {
    const ws = workspaceAt(dir);
    const lifecycle = fakeLifecycle(() => ({ code: 0, output: "analyzed\n" }));
    expect(await new Lifecycle(session(ws, { user: { uid: 1000, gid: 1000 } }), lifecycle.run).analyze("fnpacks-devkit/app")).toBe("analyzed\n");
    const [call] = lifecycle.calls;
    expect(call?.args).toEqual([
      ...["-layers", ws.layers, "-analyzed", ws.analyzed, "-run", ws.run, "-layout", "-layout-dir", ws.layout],
      ...["-log-level", "info", "fnpacks-devkit/app"],
    ]);
    expect(call?.options).toMatchObject({ argv0: "analyzer", uid: 1000, gid: 1000 });
    expect(call?.options.env).toEqual({ ...lifecycleEnv(ws, { uid: 1000, gid: 1000 }), CNB_EXPERIMENTAL_MODE: "warn" });
    expect(LAYOUT_ENV).toEqual({ CNB_EXPERIMENTAL_MODE: "warn" });
  });

  it("runs the exporter with the app, layers, group, launcher and report, the image name last", async () => {
    const ws = workspaceAt(dir);
    const lifecycle = fakeLifecycle(() => ({ code: 0, output: "*** Images\n" }));
    expect(await new Lifecycle(session(ws, { logLevel: "debug" }), lifecycle.run).export("fnpacks-devkit/app")).toBe("*** Images\n");
    const [call] = lifecycle.calls;
    expect(call?.args).toEqual([
      ...["-app", ws.app, "-layers", ws.layers, "-analyzed", ws.analyzed, "-group", ws.group, "-run", ws.run],
      ...["-launcher", "/tools/launcher", "-report", ws.report, "-layout", "-layout-dir", ws.layout],
      ...["-log-level", "debug", "fnpacks-devkit/app"],
    ]);
    expect(call?.options).toMatchObject({ argv0: "exporter", env: { CNB_EXPERIMENTAL_MODE: "warn", CNB_PLATFORM_API: PLATFORM_API } });
  });

  it("fails with what the analyzer's and exporter's exit codes mean", async () => {
    const failing = (code: number) => fakeLifecycle(() => ({ code, output: "ERROR: boom\n" })).run;
    await expect(new Lifecycle(session(workspaceAt(dir)), failing(32)).analyze("x")).rejects.toThrow(
      "the lifecycle analyzer failed with exit code 32: the analysis of the run image (and any previous image) failed",
    );
    await expect(new Lifecycle(session(workspaceAt(dir)), failing(62)).export("x")).rejects.toThrow(
      "the lifecycle exporter failed with exit code 62: the export of the app image failed",
    );
  });
});

describe("the layer cache around the builder", () => {
  const layer = async (layersDir: string) => {
    await mkdir(join(layersDir, "t_a", "cache"), { recursive: true });
    await writeFile(join(layersDir, "t_a", "cache.toml"), "[types]\n  cache = true\n");
  };

  it("restores before the build and saves after it, saying what it restored", async () => {
    const cacheDir = join(dir, "cache");
    const lines: string[] = [];
    await layer(join(dir, "first"));
    await withCachedLayers({ cacheDir, layersDir: join(dir, "first"), group: [{ id: "t/a" }] }, (l) => lines.push(l), async () => "one");
    expect(lines).toEqual([]); // nothing to restore the first time
    const next = join(dir, "next");
    const seen = await withCachedLayers({ cacheDir, layersDir: next, group: [{ id: "t/a" }] }, (l) => lines.push(l), async () =>
      readFile(join(next, "t_a", "cache.toml"), "utf8"),
    );
    expect(seen).toContain("cache = true"); // restored before the build ran
    expect(lines).toEqual([`devkit: restored cached layers t/a/cache from ${cacheDir}`]);
  });

  it("builds all the same when the cache cannot be used, and says so", async () => {
    const cacheDir = join(__filename, "not-a-dir");
    const lines: string[] = [];
    await layer(join(dir, "layers"));
    expect(await withCachedLayers({ cacheDir, layersDir: join(dir, "layers"), group: [{ id: "t/a" }] }, (l) => lines.push(l), async () => "built")).toBe("built");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^devkit: layer cache ${cacheDir} skipped: .*ENOTDIR`));
  });

  it("saves nothing from a build that failed, and runs the build alone without a cache", async () => {
    const cacheDir = join(dir, "cache");
    await layer(join(dir, "layers"));
    const failing = withCachedLayers({ cacheDir, layersDir: join(dir, "layers"), group: [{ id: "t/a" }] }, () => {}, async () => {
      throw new Error("build failed");
    });
    await expect(failing).rejects.toThrow("build failed");
    await expect(readFile(join(cacheDir, "t_a", "cache.toml"))).rejects.toThrow(/ENOENT/);
    expect(await withCachedLayers(undefined, () => {}, async () => 7)).toBe(7);
  });
});
