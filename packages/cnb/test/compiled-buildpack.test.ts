import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, open, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileBuildpack } from "../src/compile/compile";
import { parseToml } from "../src/toml";
import { useTempDir } from "./helpers";

// The whole pipeline: a buildpack written with @fnpacks/cnb, compiled by bun into
// self-contained executables, run as separate processes with no Node.js reachable.
const SAMPLE = join(__dirname, "sample-buildpack");
const ELF_MACHINE = { amd64: 0x3e, arm64: 0xb7 };

describe("a compiled sample buildpack", () => {
  const tmp = useTempDir();
  let out = "";

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "fnpacks-sample-bp-"));
    await compileBuildpack({ packageDir: SAMPLE, entry: "src/main.ts", outDir: out });
  }, 180_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("is laid out per target for pack, and for this machine for a lifecycle", async () => {
    expect((await readdir(join(out, "targets"))).sort()).toEqual(["buildpack.toml", "linux"]);
    for (const arch of ["amd64", "arm64"] as const) {
      const bin = join(out, "targets", "linux", arch, "bin");
      expect((await readdir(bin)).sort()).toEqual(["build", "detect", "run"]);
      expect(await readlink(join(bin, "detect"))).toBe("run");
      expect(await readlink(join(bin, "build"))).toBe("run");
      expect(await elfMachine(join(bin, "run"))).toBe(ELF_MACHINE[arch]);
    }
    expect((await readdir(join(out, "buildpack", "bin"))).sort()).toEqual(["build", "detect", "run"]);
    expect(await readFile(join(out, "buildpack", "buildpack.toml"), "utf8")).toBe(
      await readFile(join(SAMPLE, "buildpack.toml"), "utf8"),
    );
  });

  function runPhase(phase: "detect" | "build", app: string, env: Record<string, string>) {
    const emptyBin = join(tmp(), "empty-bin"); // PATH with nothing on it: no node, no shell
    return spawnSync("/usr/bin/env", ["-i", `PATH=${emptyBin}`, ...Object.entries(env).map(([k, v]) => `${k}=${v}`), join(out, "buildpack", "bin", phase)], {
      cwd: app,
      encoding: "utf8",
    });
  }

  async function dirs() {
    const d = { app: join(tmp(), "app"), platform: join(tmp(), "platform"), layers: join(tmp(), "layers"), empty: join(tmp(), "empty-bin") };
    for (const dir of Object.values(d)) await mkdir(dir, { recursive: true });
    return d;
  }

  it("detect passes and writes its plan when the app has greeting.txt", async () => {
    const d = await dirs();
    await writeFile(join(d.app, "greeting.txt"), "hello\n");
    const result = runPhase("detect", d.app, {
      CNB_PLATFORM_DIR: d.platform,
      CNB_BUILD_PLAN_PATH: join(tmp(), "plan.toml"),
      CNB_BUILDPACK_DIR: join(out, "buildpack"),
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(parseToml(await readFile(join(tmp(), "plan.toml"), "utf8"))).toEqual({
      provides: [{ name: "greeting" }],
      requires: [{ name: "greeting", metadata: { file: "greeting.txt" } }],
    });
  });

  it("detect fails with 100 and a reason, finding buildpack.toml beside bin/ on its own", async () => {
    const d = await dirs();
    const result = runPhase("detect", d.app, { CNB_PLATFORM_DIR: d.platform, CNB_BUILD_PLAN_PATH: join(tmp(), "plan.toml") });
    expect(result.status).toBe(100);
    expect(result.stdout).toBe("fnpacks sample: greeting: no greeting.txt in the app\n");
    expect(result.stderr).toBe("");
  });

  it("takes nothing from the app dir it runs in: no .env, no bunfig.toml preload, no package.json or tsconfig.json", async () => {
    const d = await dirs();
    const marker = join(tmp(), "preload-ran");
    await writeFile(join(d.app, ".env"), "BP_LOG_LEVEL=DEBUG\n");
    await writeFile(join(d.app, "bunfig.toml"), 'preload = ["./preload.js"]\n');
    await writeFile(join(d.app, "preload.js"), `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran");\n`);
    await writeFile(join(d.app, "package.json"), '{"type": "module", "imports": {"#x": "./x.js"}}\n');
    await writeFile(join(d.app, "tsconfig.json"), '{"compilerOptions": {"paths": {"@fnpacks/*": ["./nowhere/*"]}}}\n');
    for (const phase of ["detect", "build"] as const) {
      const result = runPhase(phase, d.app, { CNB_PLATFORM_DIR: d.platform, CNB_BUILD_PLAN_PATH: join(tmp(), "plan.toml"), CNB_LAYERS_DIR: d.layers, CNB_BP_PLAN_PATH: join(tmp(), "none.toml") });
      expect(result.stdout).not.toContain("[debug]");
      if (phase === "detect") expect(result.stdout).toBe("fnpacks sample: greeting: no greeting.txt in the app\n");
    }
    await expect(readFile(marker, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("reads a buildpack.toml edited after compiling afresh (the one it was compiled with, it knows)", async () => {
    const d = await dirs();
    const edited = join(tmp(), "edited-buildpack");
    await mkdir(join(edited, "bin"), { recursive: true });
    const toml = await readFile(join(out, "buildpack", "buildpack.toml"), "utf8");
    await writeFile(join(edited, "buildpack.toml"), toml.replace('name = "fnpacks sample: greeting"', 'name = "renamed sample"'));
    const result = runPhase("detect", d.app, { CNB_PLATFORM_DIR: d.platform, CNB_BUILD_PLAN_PATH: join(tmp(), "plan.toml"), CNB_BUILDPACK_DIR: edited });
    expect(result.stdout).toBe("renamed sample: no greeting.txt in the app\n");
    await writeFile(join(edited, "buildpack.toml"), "not toml [");
    const broken = runPhase("detect", d.app, { CNB_PLATFORM_DIR: d.platform, CNB_BUILD_PLAN_PATH: join(tmp(), "plan.toml"), CNB_BUILDPACK_DIR: edited });
    expect(broken.status).toBe(1);
  });

  it("build writes the layer toml, env files and launch.toml", async () => {
    const d = await dirs();
    await writeFile(join(d.app, "greeting.txt"), "hello\n");
    await writeFile(join(tmp(), "bp-plan.toml"), '[[entries]]\nname = "greeting"\n');
    const result = runPhase("build", d.app, {
      CNB_LAYERS_DIR: d.layers,
      CNB_PLATFORM_DIR: d.platform,
      CNB_BP_PLAN_PATH: join(tmp(), "bp-plan.toml"),
      CNB_BUILDPACK_DIR: join(out, "buildpack"),
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('fnpacks sample: greeting 0.1.0\n  Greeting with "hello" (plan: greeting)\n\n');
    const layerDir = join(d.layers, "greeting");
    expect(parseToml(await readFile(`${layerDir}.toml`, "utf8"))).toEqual({
      types: { launch: true, build: true, cache: true },
      metadata: { greeting: "hello", runs: 1 },
    });
    expect(await readFile(join(layerDir, "env.launch", "GREETING.override"), "utf8")).toBe("hello");
    expect(await readFile(join(layerDir, "env.build", "SAMPLE_BUILD.default"), "utf8")).toBe("1");
    expect(await readFile(join(layerDir, "env", "SAMPLE_PATH.append"), "utf8")).toBe("/sample");
    expect(await readFile(join(layerDir, "env", "SAMPLE_PATH.delim"), "utf8")).toBe(":");
    expect(await readFile(join(layerDir, "bin", "greet"), "utf8")).toContain("greeting=$GREETING");
    expect(parseToml(await readFile(join(d.layers, "launch.toml"), "utf8"))).toEqual({
      processes: [{ type: "greet", command: ["greet"], args: [], default: true }],
    });

    // A second build sees the restored metadata, as after a lifecycle cache restore.
    const again = runPhase("build", d.app, {
      CNB_LAYERS_DIR: d.layers,
      CNB_PLATFORM_DIR: d.platform,
      CNB_BP_PLAN_PATH: join(tmp(), "bp-plan.toml"),
      CNB_BUILDPACK_DIR: join(out, "buildpack"),
    });
    expect(again.status).toBe(0);
    expect(parseToml(await readFile(`${layerDir}.toml`, "utf8")).metadata).toEqual({ greeting: "hello", runs: 2 });
  });
});

async function elfMachine(path: string): Promise<number> {
  const file = await open(path, "r");
  try {
    const header = Buffer.alloc(20);
    await file.read(header, 0, 20, 0);
    expect(header.subarray(0, 4).toString("latin1")).toBe("\x7fELF");
    return header.readUInt16LE(18);
  } finally {
    await file.close();
  }
}
