import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../src/errors";
import { type Buildpack, EXIT, type Invocation, runPhase } from "../src/run";
import { parseToml } from "../src/toml";
import { useTempDir } from "./helpers";

const BUILDPACK_TOML = 'api = "0.10"\n[buildpack]\nid = "test/bp"\nname = "Test Buildpack"\nversion = "1.2.3"\n';

describe("runPhase", () => {
  const tmp = useTempDir();
  let stdout = "";
  let stderr = "";

  async function invoke(
    phase: string,
    buildpack: Partial<Buildpack>,
    env: NodeJS.ProcessEnv = {},
    args: string[] = [],
  ): Promise<number> {
    const dirs = { bp: join(tmp(), "bp"), app: join(tmp(), "app"), platform: join(tmp(), "platform"), layers: join(tmp(), "layers") };
    for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
    await writeFile(join(dirs.bp, "buildpack.toml"), BUILDPACK_TOML);
    const invocation: Invocation = {
      argv0: join(dirs.bp, "bin", phase),
      args,
      env: {
        CNB_BUILDPACK_DIR: dirs.bp,
        CNB_PLATFORM_DIR: dirs.platform,
        CNB_BUILD_PLAN_PATH: join(tmp(), "plan.toml"),
        CNB_LAYERS_DIR: dirs.layers,
        CNB_BP_PLAN_PATH: join(tmp(), "bp-plan.toml"),
        ...env,
      },
      cwd: dirs.app,
      executable: join(dirs.bp, "bin", "run"),
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
    };
    const noop: Buildpack = {
      detect: async () => ({ pass: true }),
      build: async () => ({}),
    };
    return runPhase({ ...noop, ...buildpack }, invocation);
  }

  beforeEach(() => {
    stdout = "";
    stderr = "";
  });

  it("detect: passes with exit 0 and writes the plan", async () => {
    const code = await invoke("detect", {
      detect: async ({ appDir, buildpack, target }) => {
        expect(appDir).toBe(join(tmp(), "app"));
        expect(buildpack).toEqual({ id: "test/bp", name: "Test Buildpack", version: "1.2.3" });
        expect(target.os).toBe("linux");
        return { pass: true, plan: { provides: [{ name: "x" }], requires: [{ name: "x" }] } };
      },
    });
    expect(code).toBe(EXIT.pass);
    expect(parseToml(await readFile(join(tmp(), "plan.toml"), "utf8"))).toEqual({
      provides: [{ name: "x" }],
      requires: [{ name: "x" }],
    });
  });

  it("detect: fails with exit 100 and says why", async () => {
    const code = await invoke("detect", { detect: async () => ({ pass: false, reason: "no go.mod" }) });
    expect(code).toBe(EXIT.fail);
    expect(stdout).toBe("Test Buildpack: no go.mod\n");
  });

  it("detect: an internal error exits 1 with its message and no stack", async () => {
    const code = await invoke("detect", {
      detect: async () => {
        throw new Error("parser exploded");
      },
    });
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("unexpected error: parser exploded");
    expect(stderr).toContain("BP_LOG_LEVEL=DEBUG");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("an internal error shows its stack at BP_LOG_LEVEL=DEBUG", async () => {
    const code = await invoke(
      "build",
      {
        build: async () => {
          throw new Error("boom");
        },
      },
      { BP_LOG_LEVEL: "DEBUG" },
    );
    expect(code).toBe(EXIT.error);
    expect(stderr).toMatch(/unexpected error: boom\nError: boom\n\s+at /);
  });

  it("build: a user error prints what, where and how to fix, exits non-zero, no stack", async () => {
    const code = await invoke("build", {
      build: async () => {
        throw new UserError("several functions match", { where: "hello.go:3, hello.go:9", fix: "set BP_FUNCTION=Name" });
      },
    });
    expect(code).not.toBe(0);
    expect(stderr).toBe("several functions match\n  at hello.go:3, hello.go:9\n  fix: set BP_FUNCTION=Name\n");
  });

  it("build: logs the title, hands over the plan, writes layers and launch.toml, drops unreturned restored layers", async () => {
    await mkdir(join(tmp(), "layers"), { recursive: true });
    await writeFile(join(tmp(), "layers", "stale.toml"), "[metadata]\n");
    await writeFile(join(tmp(), "bp-plan.toml"), '[[entries]]\nname = "x"\n[entries.metadata]\nk = "v"\n');
    const code = await invoke("build", {
      build: async ({ layers, plan, logger }) => {
        expect(plan).toEqual([{ name: "x", metadata: { k: "v" } }]);
        logger.process("working");
        const layer = await layers.get("bin");
        layer.types.launch = true;
        return {
          layers: [layer],
          launch: { processes: [{ type: "web", command: ["server"], default: true }] },
          build: { unmet: [{ name: "y" }] },
        };
      },
    });
    expect(code).toBe(EXIT.pass);
    expect(stdout).toBe("Test Buildpack 1.2.3\n  working\n\n");
    expect((await readdir(join(tmp(), "layers"))).sort()).toEqual(["bin", "bin.toml", "build.toml", "launch.toml"]);
    expect(parseToml(await readFile(join(tmp(), "layers", "launch.toml"), "utf8")).processes).toEqual([
      { type: "web", command: ["server"], args: [], default: true },
    ]);
  });

  it("reads paths from positional arguments when CNB_* are absent (older platforms)", async () => {
    const unset = { CNB_LAYERS_DIR: "", CNB_PLATFORM_DIR: "", CNB_BP_PLAN_PATH: "" };
    const layersDir = join(tmp(), "positional-layers");
    const code = await invoke(
      "build",
      {
        build: async ({ layers, platformDir }) => {
          expect(layers.path).toBe(layersDir);
          expect(platformDir).toBe(join(tmp(), "platform"));
          return { launch: { processes: [{ type: "web", command: ["x"] }] } };
        },
      },
      unset,
      [layersDir, join(tmp(), "platform"), join(tmp(), "bp-plan.toml")],
    );
    expect(stderr).toBe("");
    expect(code).toBe(EXIT.pass);
    expect(await readdir(layersDir)).toEqual(["launch.toml"]);
  });

  it("says which path is missing when neither variables nor arguments give it", async () => {
    const code = await invoke("build", {}, { CNB_LAYERS_DIR: "", CNB_PLATFORM_DIR: "", CNB_BP_PLAN_PATH: "" });
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("CNB_LAYERS_DIR is not set");
  });

  it("refuses an unknown invoked name", async () => {
    expect(await invoke("run", {})).toBe(EXIT.error);
    expect(stderr).toContain('unknown phase "run"');
  });
});
