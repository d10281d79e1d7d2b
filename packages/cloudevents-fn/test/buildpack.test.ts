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
  const analysis = analyzeFunctionPackage({
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
          "missing-imports": [],
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
    return runInProcess(buildpack, "build", ws, env);
  }

  it("generates a server that compiles against the user's sdk-go", async () => {
    const ws = await workspace(join(samples, "cloudevents-echo"));
    const result = await detectThenBuild(ws);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("Wrapping the CloudEvents function Echo of example.com/echo");
    await execFileAsync("go", ["build", "-o", join(ws.root, "server"), "./_fnpacks/server"], { cwd: ws.appDir });
  });

  it("names the blank imports to add when the package only uses sdk-go's event package", async () => {
    const result = await detectThenBuild(await workspace("event-package-only"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "the generated CloudEvents function server needs github.com/cloudevents/sdk-go/v2/client and github.com/cloudevents/sdk-go/v2/protocol and github.com/cloudevents/sdk-go/v2/protocol/http",
    );
    expect(result.stderr).toContain(
      '\t_ "github.com/cloudevents/sdk-go/v2/client"\n\t_ "github.com/cloudevents/sdk-go/v2/protocol"\n\t_ "github.com/cloudevents/sdk-go/v2/protocol/http"',
    );
  });

  it("builds a vendored app offline", async () => {
    const ws = await workspace(join(samples, "cloudevents-sink"));
    await execFileAsync("go", ["mod", "vendor"], { cwd: ws.appDir });
    expect((await detectThenBuild(ws)).code).toBe(0);
    await execFileAsync("go", ["build", "-o", join(ws.root, "server"), "./_fnpacks/server"], {
      cwd: ws.appDir,
      env: { ...process.env, GOPROXY: "off", GOFLAGS: "-mod=vendor" },
    });
  });
});

describe("missingImports", () => {
  const pkg = {
    modulePath: "example.com/m",
    importPath: "example.com/m",
    isMain: false,
    requiredModules: ["github.com/cloudevents/sdk-go/v2"],
    candidates: [],
  };
  const sdk = "github.com/cloudevents/sdk-go/v2";

  it("needs nothing when the package imports the sdk's root package, which imports both", () => {
    expect(cloudEventsFunction.missingImports?.({ ...pkg, imports: [sdk] })).toEqual([]);
    const each = [`${sdk}/client`, `${sdk}/protocol`, `${sdk}/protocol/http`];
    expect(cloudEventsFunction.missingImports?.({ ...pkg, imports: each })).toEqual([]);
  });

  it("names what a vendor/ without the adapter's packages lacks", () => {
    const vendored = { ...pkg, imports: [sdk], vendoredPackages: [sdk, `${sdk}/event`, `${sdk}/client`, `${sdk}/protocol`] };
    expect(cloudEventsFunction.missingImports?.(vendored)).toEqual([`${sdk}/protocol/http`]);
  });
});

it("the compiled bin/detect finds the receiver with no node on PATH", async () => {
  const ws = await workspace(join(samples, "cloudevents-sink"));
  expect(await runCompiled("detect", ws)).toMatchObject({ code: 0, stdout: "", stderr: "" });
  expect((await ws.detectPlan()).requires).toMatchObject([{ metadata: { candidates: [{ name: "Receive", shape: "func(E)" }] } }]);
});
