import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { analyzeFunctionPackage, createGoParser, matchCandidates } from "@fnpacks/go-detect";
import { runCompiled, runInProcess, useWorkspaces, type Workspace } from "@fnpacks/cnb/testing";
import { functionBuildpack } from "@fnpacks/go-function";
import { cloudEventsFunction } from "../src";

const execFileAsync = promisify(execFile);
// Some cases compile the generated server with the real go toolchain: seconds, more on a cold cache.
jest.setTimeout(180_000);
const buildpack = functionBuildpack(cloudEventsFunction);
const packageDir = join(__dirname, "..");
const samples = join(__dirname, "..", "..", "..", "samples", "go");
const workspace = useWorkspaces(packageDir, afterAll);

async function detectPlanOf(ws: Workspace, env: NodeJS.ProcessEnv = {}) {
  const result = await runInProcess(buildpack, "detect", ws, env);
  expect(result).toMatchObject({ code: 0, stderr: "" });
  return (await ws.detectPlan()).requires;
}

it("the specs match all 16 receiver shapes, however the sdk's types are named, and no near miss", async () => {
  const parser = await createGoParser();
  const analysis = await analyzeFunctionPackage({
    appDir: join(__dirname, "fixtures", "all-shapes"),
    goarch: "amd64",
    parser,
    ...(cloudEventsFunction.importFacts ? { importFacts: cloudEventsFunction.importFacts } : {}),
  });
  if (analysis.kind !== "package") throw new Error(analysis.reason);
  const matched = matchCandidates(analysis.pkg, cloudEventsFunction.specs, cloudEventsFunction.equivalences);
  expect(Object.fromEntries(matched.map((c) => [c.name, c.specId]))).toEqual({
    None: "func()",
    NoneResult: "func() R",
    NoneReply: "func() *E",
    NoneBoth: "func() (*E, R)",
    Ctx: "func(ctx)",
    CtxResult: "func(ctx) R",
    CtxReply: "func(ctx) *E",
    CtxBoth: "func(ctx) (*E, R)",
    Event: "func(E)",
    EventResult: "func(E) R",
    EventReply: "func(E) *E",
    EventBoth: "func(E) (*E, R)",
    CtxEvent: "func(ctx, E)",
    CtxEventResult: "func(ctx, E) R",
    CtxEventReply: "func(ctx, E) *E",
    CtxEventBoth: "func(ctx, E) (*E, R)",
  });
});

describe("detect", () => {
  it("passes for the echo sample with its shape and position", async () => {
    expect(await detectPlanOf(await workspace(join(samples, "cloudevents-echo")))).toEqual([
      {
        name: "fnpacks-go-cloudevents-function",
        metadata: {
          module: "example.com/echo",
          package: "example.com/echo",
          "package-dir": ".",
          candidates: [
            {
              name: "Echo",
              shape: "func(ctx, E) (*E, R)",
              position: "echo.go:12",
              signature: "func Echo(context.Context, cloudevents.Event) (*cloudevents.Event, error)",
            },
          ],
        },
      },
    ]);
  });

  it("prefers receivers that take an event over those that take none", async () => {
    const [entry] = (await detectPlanOf(await workspace("all-shapes"))) as Array<{ metadata: { candidates: Array<{ name: string }> } }>;
    expect(entry?.metadata.candidates.map((c) => c.name)).toEqual([
      "Event",
      "EventResult",
      "EventReply",
      "EventBoth",
      "CtxEvent",
      "CtxEventResult",
      "CtxEventReply",
      "CtxEventBoth",
    ]);
  });

  it("accepts a receiver that takes no event only where the package imports sdk-go", async () => {
    expect(await detectPlanOf(await workspace("zero-with-import"))).toMatchObject([
      { metadata: { candidates: [{ name: "Tick", shape: "func(ctx) R" }] } },
    ]);
    const without = await runInProcess(buildpack, "detect", await workspace("zero-without-import"));
    expect(without.code).toBe(100);
    expect(without.stdout).toContain("no CloudEvents function in example.com/zero-without-import");
  });

  it("fails for a module that does not require sdk-go", async () => {
    const result = await runInProcess(buildpack, "detect", await workspace("no-sdk"));
    expect(result.code).toBe(100);
    expect(result.stdout).toContain("go.mod does not require github.com/cloudevents/sdk-go/v2");
  });

  it("fails for an HTTP function", async () => {
    const result = await runInProcess(buildpack, "detect", await workspace(join(samples, "http-hello")));
    expect(result.code).toBe(100);
  });
});

describe("build", () => {
  async function detectThenBuild(ws: Workspace, env: NodeJS.ProcessEnv = {}) {
    await detectPlanOf(ws, env);
    await ws.planBuildFromDetect();
    // Build runs `go` as the lifecycle would let it: with the process's PATH and HOME.
    return runInProcess(buildpack, "build", ws, { ...process.env, ...env });
  }

  it("generates a server that compiles against the user's sdk-go", async () => {
    const ws = await workspace(join(samples, "cloudevents-echo"));
    const result = await detectThenBuild(ws);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("Wrapping the CloudEvents function Echo of example.com/echo");
    await execFileAsync("go", ["build", "-o", join(ws.root, "server"), "./fnpacks-generated/server"], { cwd: ws.appDir });
  });

  it("builds a package that names only sdk-go's event package when go.sum covers the adapter, also after go mod vendor", async () => {
    const ws = await workspace("event-package-only");
    expect(await detectThenBuild(ws)).toMatchObject({ code: 0, stderr: "" });
    const readonly = { ...process.env, GOFLAGS: "-mod=readonly" };
    await execFileAsync("go", ["build", "-o", join(ws.root, "server"), "./fnpacks-generated/server"], { cwd: ws.appDir, env: readonly });
    // What Paketo's go-mod-vendor then go-build do after us: the generated dir must be vendored too.
    await execFileAsync("go", ["mod", "vendor"], { cwd: ws.appDir, env: readonly });
    await execFileAsync("go", ["build", "-mod=vendor", "-o", join(ws.root, "server"), "./fnpacks-generated/server"], {
      cwd: ws.appDir,
      env: { ...process.env, GOPROXY: "off" },
    });
  });

  it("names the modules go.sum lacks, and Go's fix, when go mod tidy pruned what the adapter needs", async () => {
    const ws = await workspace("event-package-tidied");
    const result = await detectThenBuild(ws);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the generated CloudEvents function server needs packages your module does not provide:");
    expect(result.stderr).toContain("go.uber.org/zap (for github.com/cloudevents/sdk-go/v2/client)");
    expect(result.stderr).toContain("github.com/google/uuid (for github.com/cloudevents/sdk-go/v2/client)");
    expect(result.stderr).toContain("run go get github.com/cloudevents/sdk-go/v2/client@v2.16.2 in your module");
    expect(result.stderr).toContain('\t_ "github.com/cloudevents/sdk-go/v2/client"');
  });

  it("the fix it names works", async () => {
    const ws = await workspace("event-package-tidied");
    await execFileAsync("go", ["get", "github.com/cloudevents/sdk-go/v2/client@v2.16.2"], { cwd: ws.appDir });
    expect(await detectThenBuild(ws)).toMatchObject({ code: 0, stderr: "" });
  });

  it("names the blank imports and go mod vendor when vendor/ lacks the adapter's packages", async () => {
    const ws = await workspace("event-package-only");
    await execFileAsync("go", ["mod", "vendor"], { cwd: ws.appDir });
    const result = await detectThenBuild(ws);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("does not provide in vendor/: github.com/cloudevents/sdk-go/v2/binding");
    expect(result.stderr).toContain("then run go mod tidy && go mod vendor");
  });

  it("goes on with a warning when Go cannot tell (offline, nothing in the module cache)", async () => {
    const ws = await workspace("event-package-tidied");
    const result = await detectThenBuild(ws, { GOPROXY: "off", GOMODCACHE: join(ws.root, "empty-module-cache"), GOFLAGS: "-modcacherw" });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Could not check that your module provides");
    expect(result.stdout).toContain("module lookup disabled by GOPROXY=off");
  });

  it("builds a vendored app offline", async () => {
    const ws = await workspace(join(samples, "cloudevents-sink"));
    await execFileAsync("go", ["mod", "vendor"], { cwd: ws.appDir });
    expect((await detectThenBuild(ws)).code).toBe(0);
    await execFileAsync("go", ["build", "-o", join(ws.root, "server"), "./fnpacks-generated/server"], {
      cwd: ws.appDir,
      env: { ...process.env, GOPROXY: "off", GOFLAGS: "-mod=vendor" },
    });
  });
});

it("the compiled bin/detect finds the receiver with no node on PATH", async () => {
  const ws = await workspace(join(samples, "cloudevents-sink"));
  expect(await runCompiled("detect", ws)).toMatchObject({ code: 0, stdout: "", stderr: "" });
  expect((await ws.detectPlan()).requires).toMatchObject([{ metadata: { candidates: [{ name: "Receive", shape: "func(E)" }] } }]);
});
