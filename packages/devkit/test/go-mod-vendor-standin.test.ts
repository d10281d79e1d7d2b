import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseToml } from "@fnpacks/cnb";
import { type BuiltApp, buildApp, DEFAULT_CACHE_DIR, GO_MOD_VENDOR_STANDIN_DIR } from "../src";
import { lock } from "../src/lock";

// devkit's stand-in for Paketo's go-mod-vendor does what the real one does: its scripts run
// here as the lifecycle runs them (in the app dir, with CNB_* paths), with the real `go`, and
// (order/test/go-mod-vendor-default-order.test.ts builds with it in the default order, which
// needs every repository buildpack built).
jest.setTimeout(15 * 60_000);

const uuidApp = join(__dirname, "fixtures", "uuid-app");
const vendoredApp = join(__dirname, "..", "..", "..", "samples", "go", "http-vendored");
const UUID = "github.com/google/uuid@v1.6.0";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "devkit-vendor-standin-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A copy of `from` to run the stand-in in (it writes vendor/ into the app, as Paketo's does). */
async function appCopy(from: string): Promise<string> {
  const app = join(dir, "app");
  await cp(from, app, { recursive: true });
  return app;
}

/** Runs bin/<phase> as the lifecycle would: in the app dir, with the CNB paths in its env. */
function run(phase: "detect" | "build", app: string, env: Record<string, string> = {}) {
  const result = spawnSync(join(GO_MOD_VENDOR_STANDIN_DIR, "bin", phase), [], {
    cwd: app,
    encoding: "utf8",
    env: { ...process.env, CNB_BUILD_PLAN_PATH: join(dir, "plan.toml"), CNB_LAYERS_DIR: join(dir, "layers"), ...env },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("detect", () => {
  it("passes with go.mod and requires go at build time, at least go.mod's version, as Paketo's does", async () => {
    const app = await appCopy(uuidApp);
    expect(run("detect", app)).toEqual({ code: 0, output: "" });
    expect(parseToml(await readFile(join(dir, "plan.toml"), "utf8"))).toEqual({
      requires: [{ name: "go", metadata: { build: true, version: ">= 1.22", "version-source": "go.mod" } }],
    });
  });

  it("passes with no version when go.mod has no go directive", async () => {
    const app = join(dir, "app");
    await mkdir(app);
    await writeFile(join(app, "go.mod"), "module example.com/old\n");
    expect(run("detect", app).code).toBe(0);
    expect(parseToml(await readFile(join(dir, "plan.toml"), "utf8"))).toMatchObject({ requires: [{ name: "go", metadata: { version: "" } }] });
  });

  it("fails without go.mod, saying so", async () => {
    const app = join(dir, "app");
    await mkdir(app);
    await writeFile(join(app, "main.go"), "package main\n\nfunc main() {}\n");
    expect(run("detect", app)).toEqual({ code: 100, output: "devkit stand-in for Paketo Go Mod Vendor: go.mod file is not present\n" });
    expect(existsSync(join(dir, "plan.toml"))).toBe(false);
  });
});

describe("build", () => {
  it("runs go mod vendor with the module cache in a cache-only layer, which the next build reuses offline", async () => {
    const app = await appCopy(uuidApp);
    const first = run("build", app);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(
      /^devkit stand-in for Paketo Go Mod Vendor\n {2}Executing build process\n {4}Running 'go mod vendor'\n {6}go: downloading github\.com\/google\/uuid v1\.6\.0\n {6}Completed in \d+(\.\d+)?m?s\n/,
    );
    expect(await readFile(join(app, "vendor", "modules.txt"), "utf8")).toContain("# github.com/google/uuid v1.6.0\n");
    expect(existsSync(join(app, "vendor", "github.com", "google", "uuid", "uuid.go"))).toBe(true);
    const layer = join(dir, "layers", "mod-cache");
    expect(parseToml(await readFile(`${layer}.toml`, "utf8"))).toEqual({ types: { build: false, cache: true, launch: false } });
    expect(existsSync(join(layer, "cache", "download", "github.com", "google", "uuid", "@v", "v1.6.0.zip"))).toBe(true);
    // Writable (Go's default is read-only), so devkit can replace and delete it as the build user.
    expect((await stat(join(layer, UUID))).mode & 0o200).toBe(0o200);

    // The next build gets the layer back (as the lifecycle restores it) and needs no network.
    await rm(join(app, "vendor"), { recursive: true });
    const again = run("build", app, { GOPROXY: "off" });
    expect(again.code).toBe(0);
    expect(again.output).not.toContain("go: downloading");
    expect(await readFile(join(app, "vendor", "modules.txt"), "utf8")).toContain("# github.com/google/uuid v1.6.0\n");
  });

  it("uses the app's own vendor/ as it is: no go, no layer", async () => {
    const app = await appCopy(vendoredApp);
    const before = await readFile(join(app, "vendor", "modules.txt"), "utf8");
    const result = run("build", app, { GOPROXY: "off" });
    expect(result).toEqual({ code: 0, output: "devkit stand-in for Paketo Go Mod Vendor\n  Skipping build process: modules are already vendored\n\n" });
    expect(await readFile(join(app, "vendor", "modules.txt"), "utf8")).toBe(before);
    expect(existsSync(join(dir, "layers"))).toBe(false);
  });

  it("leaves no layer for a module without dependencies, as go has nothing to vendor", async () => {
    const app = join(dir, "app");
    await mkdir(app);
    await writeFile(join(app, "go.mod"), "module example.com/alone\n\ngo 1.22\n");
    await writeFile(join(app, "alone.go"), "package alone\n");
    await mkdir(join(dir, "layers"));
    const result = run("build", app, { GOPROXY: "off" });
    expect(result.code).toBe(0);
    expect(result.output).toContain("      go: no dependencies to vendor\n");
    expect(await readdir(join(dir, "layers"))).toEqual([]);
    expect(existsSync(join(app, "vendor"))).toBe(false);
  });

  it("fails as go mod vendor fails, with go's message", async () => {
    const app = await appCopy(uuidApp);
    await writeFile(join(app, "missing.go"), 'package main\n\nimport _ "example.org/missing/pkg"\n');
    const result = run("build", app, { GOPROXY: "off" });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("example.org/missing/pkg");
    expect(result.output).toMatch(/\n {6}Failed after \d+(\.\d+)?m?s\n$/);
  });
});
