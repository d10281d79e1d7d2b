import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { type CompiledPhaseResult, runCompiled, useWorkspaces, type Workspace } from "@fnpacks/cnb/testing";

// The linux/arm64 executables `pnpm build` leaves in dist/targets run, not only carry an aarch64
// ELF header: under qemu's user-mode emulation they detect and build samples exactly as the
// amd64 ones do on the same inputs (same exit codes, output, plan.toml and files written).
// Emulation needs qemu-aarch64 and an aarch64 glibc (the loader and libc, nothing more):
// scripts/user-mode-emulator.mjs takes the system's (.ci/run installs qemu-user and
// libc6-arm64-cross) or fetches Debian's without root into .cache/. qemu 7.2 runs bun's JIT as
// it is, so the executables run as shipped, with no JSC options. Each emulated start costs
// seconds (bun's runtime is translated as it runs), hence a handful of calls.
jest.setTimeout(10 * 60_000);

type Arch = "amd64" | "arm64";
const root = join(__dirname, "..", "..");
const samples = join(root, "samples", "go");
// package main with an HTTP handler and a CloudEvents receiver: an application, which neither detects.
const mainApp = join(__dirname, "fixtures", "main-app");
const workspace = useWorkspaces(__dirname, afterAll);
const runners: Record<Arch, string[]> = { amd64: [], arm64: [] };
let env: NodeJS.ProcessEnv = {};

beforeAll(() => {
  for (const arch of ["amd64", "arm64"] as const) runners[arch] = commandPrefixFor(arch);
  env = platformEnv();
});

/** The prefix that runs an executable of that arch here: [] natively, else qemu with its sysroot. */
function commandPrefixFor(arch: Arch): string[] {
  const script = join(root, "scripts", "user-mode-emulator.mjs");
  const result = spawnSync(process.execPath, [script, arch], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`cannot run linux/${arch} executables here:\n${result.stderr}`);
  return (JSON.parse(result.stdout) as { command: string[] }).command;
}

/** The env a platform building for arm64 would give both executables, with `go` on PATH for build's module check. */
function platformEnv(): NodeJS.ProcessEnv {
  const goroot = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" }).stdout?.trim();
  if (!goroot) throw new Error("go is not on PATH: the tests need Go (see README)");
  const passThrough = ["HOME", "GOPATH", "GOMODCACHE", "GOCACHE", "GOPROXY", "GOFLAGS"].filter((name) => process.env[name] !== undefined);
  return {
    CNB_TARGET_ARCH: "arm64",
    PATH: `${join(goroot, "bin")}:/usr/bin:/bin`,
    ...Object.fromEntries(passThrough.map((name) => [name, process.env[name]])),
  };
}

/** Runs a phase of a signature package's executable for `arch` from dist/targets, in ws. */
function runTarget(pkg: string, arch: Arch, phase: "detect" | "build", ws: Workspace): Promise<CompiledPhaseResult> {
  const targets = join(root, "packages", pkg, "dist", "targets");
  const binDir = join(targets, "linux", arch, "bin");
  if (!existsSync(join(binDir, "run"))) throw new Error(`${binDir}/run is missing: build every arch (turbo run build without FNPACKS_ARCHES)`);
  return runCompiled(phase, ws, env, { buildpackDir: targets, binDir, wrapper: runners[arch] });
}

/** What a phase said and left, with the workspace's own path replaced so two workspaces compare. */
async function outcome(result: CompiledPhaseResult, ws: Workspace, files: () => Promise<unknown>) {
  const anonymous = (text: string) => text.split(ws.root).join("<workspace>");
  return { code: result.code, stdout: anonymous(result.stdout), stderr: anonymous(result.stderr), files: JSON.parse(anonymous(JSON.stringify(await files()))) };
}

/** Every file, link and dir under dir: path → content, link target or "dir", and the exec bit. */
async function tree(dir: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const path = join(dir, name);
    const stat = await lstat(path);
    if (stat.isSymbolicLink()) entries[name] = `-> ${await readlink(path)}`;
    else if (stat.isDirectory()) entries[name] = "dir";
    else entries[name] = `${stat.mode & 0o111 ? "x " : ""}${await readFile(path, "utf8")}`;
  }
  return entries;
}

/** detect for each arch on its own copy of app: the outcome with plan.toml. */
async function detectOn(pkg: string, arch: Arch, app: string) {
  const ws = await workspace(app);
  const detect = await outcome(await runTarget(pkg, arch, "detect", ws), ws, async () =>
    existsSync(ws.detectPlanPath) ? readFile(ws.detectPlanPath, "utf8") : "no plan",
  );
  return { ws, detect };
}

/** detect, then build from detect's plan: build's outcome with the layers and app it leaves. */
async function detectAndBuildOn(pkg: string, arch: Arch, app: string) {
  const { ws, detect } = await detectOn(pkg, arch, app);
  await ws.planBuildFromDetect();
  const build = await outcome(await runTarget(pkg, arch, "build", ws), ws, async () => ({ layers: await tree(ws.layersDir), app: await tree(ws.appDir) }));
  return { detect, build };
}

it.each(["http-fn", "cloudevents-fn"])("packages/%s: arm64 detect fails a package main app as amd64's does", async (pkg) => {
  const amd64 = (await detectOn(pkg, "amd64", mainApp)).detect;
  const arm64 = (await detectOn(pkg, "arm64", mainApp)).detect;
  expect(amd64).toMatchObject({ code: 100, stderr: "", files: "no plan" });
  expect(amd64.stdout).toContain("package main");
  expect(arm64).toEqual(amd64);
});

it("packages/http-fn: arm64 detect and build wrap samples/go/http-hello as amd64's do", async () => {
  const amd64 = await detectAndBuildOn("http-fn", "amd64", join(samples, "http-hello"));
  const arm64 = await detectAndBuildOn("http-fn", "arm64", join(samples, "http-hello"));
  expect(amd64.detect).toMatchObject({ code: 0, stdout: "", stderr: "", files: expect.stringContaining('name = "Handler"') });
  expect(amd64.build).toMatchObject({ code: 0, stderr: "" });
  expect(amd64.build.stdout).toContain("Wrapping the HTTP function Handler of example.com/hello");
  expect(amd64.build.files.layers["go-targets/env.build/BP_GO_TARGETS.override"]).toBe("./fnpacks-generated/server");
  expect(amd64.build.files.app["fnpacks-generated/fnruntime/server.go"]).toContain("package fnruntime");
  expect(arm64).toEqual(amd64);
});

it("packages/cloudevents-fn: arm64 detect and build wrap samples/go/cloudevents-echo as amd64's do, asking the host's go about the module", async () => {
  const amd64 = await detectAndBuildOn("cloudevents-fn", "amd64", join(samples, "cloudevents-echo"));
  const arm64 = await detectAndBuildOn("cloudevents-fn", "arm64", join(samples, "cloudevents-echo"));
  expect(amd64.detect).toMatchObject({ code: 0, stdout: "", stderr: "", files: expect.stringContaining('name = "Echo"') });
  expect(amd64.build).toMatchObject({ code: 0, stderr: "" });
  expect(amd64.build.stdout).toContain("Wrapping the CloudEvents function Echo of example.com/echo");
  // `go list` ran (from the emulated process too) and found sdk-go: no "Could not check" warning.
  expect(amd64.build.stdout).not.toContain("Could not check");
  expect(amd64.build.files.layers["go-targets/env.build/BP_GO_TARGETS.override"]).toBe("./fnpacks-generated/server");
  expect(arm64).toEqual(amd64);
});
