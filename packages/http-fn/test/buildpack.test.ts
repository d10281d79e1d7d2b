import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { functionBuildpack } from "@fnpacks/go-function";
import { httpFunction } from "../src";
import { runInProcess, useWorkspaces, type Workspace } from "@fnpacks/cnb/testing";

const execFileAsync = promisify(execFile);
// Some cases compile the generated server with the real go toolchain: seconds, more on a cold cache.
jest.setTimeout(180_000);
const buildpack = functionBuildpack(httpFunction);
const workspace = useWorkspaces(join(__dirname, ".."), afterAll);

function samplesApp(): Promise<Workspace> {
  return workspace("../../../../samples/go/http-hello");
}

describe("detect", () => {
  it.each([
    ["../../../../samples/go/http-hello", "example.com/hello", "Handler", "handler-func", "hello.go:10"],
    ["knative", "example.com/knative", "Handle", "context-handler-func", "handle.go:11"],
    ["router", "example.com/router", "Handler", "handler-var", "router.go:9"],
  ])("passes for %s and plans %s.%s (%s at %s)", async (fixture, pkg, name, shape, position) => {
    const ws = await workspace(fixture);
    const result = await runInProcess(buildpack, "detect", ws);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(await ws.detectPlan()).toEqual({
      provides: [{ name: "fnpacks-go-http-function" }],
      requires: [
        {
          name: "fnpacks-go-http-function",
          metadata: {
            module: pkg,
            package: pkg,
            "package-dir": ".",
            candidates: [{ name, shape, position, signature: expect.stringContaining(name) }],
          },
        },
      ],
    });
  });

  it.each([
    ["main-app", "is package main: an application, not a function"],
    ["no-go-mod", "no go.mod"],
    ["not-a-function", "no HTTP function in example.com/notfn"],
  ])("fails for %s: %s", async (fixture, reason) => {
    const ws = await workspace(fixture);
    const result = await runInProcess(buildpack, "detect", ws);
    expect(result.code).toBe(100);
    expect(result.stdout).toContain(reason);
    expect(result.stderr).toBe("");
  });

  it("steps aside when the user set BP_GO_TARGETS", async () => {
    const result = await runInProcess(buildpack, "detect", await samplesApp(), { BP_GO_TARGETS: "./cmd/web" });
    expect(result.code).toBe(100);
    expect(result.stdout).toContain("BP_GO_TARGETS is set");
  });

  it("finds the function in BP_FUNCTION_DIR and reports positions from the module root", async () => {
    const ws = await workspace("nested");
    expect((await runInProcess(buildpack, "detect", ws)).code).toBe(100);
    const result = await runInProcess(buildpack, "detect", ws, { BP_FUNCTION_DIR: "functions/hello" });
    expect(result.code).toBe(0);
    expect((await ws.detectPlan()).requires).toMatchObject([
      {
        metadata: {
          package: "example.com/nested/functions/hello",
          "package-dir": "functions/hello",
          candidates: [{ name: "Hello", position: "functions/hello/hello.go:5" }],
        },
      },
    ]);
  });

  it("BP_FUNCTION_NAME narrows several candidates to one", async () => {
    const ws = await workspace("several");
    const result = await runInProcess(buildpack, "detect", ws, { BP_FUNCTION_NAME: "Goodbye" });
    expect(result.code).toBe(0);
    expect((await ws.detectPlan()).requires).toMatchObject([{ metadata: { candidates: [{ name: "Goodbye" }] } }]);
    const missing = await runInProcess(buildpack, "detect", ws, { BP_FUNCTION_NAME: "Nope" });
    expect(missing.code).toBe(100);
    expect(missing.stdout).toContain("no HTTP function named Nope (BP_FUNCTION_NAME)");
  });

  it("fails detect (exit 100, so the lifecycle's detection goes on) on a BP_FUNCTION_DIR outside the app, with the reason and the fix", async () => {
    const result = await runInProcess(buildpack, "detect", await samplesApp(), { BP_FUNCTION_DIR: "../elsewhere" });
    expect(result.code).toBe(100);
    expect(result.stdout).toMatch(/: BP_FUNCTION_DIR="..\/elsewhere" is not a package directory of the app: .*outside the app dir\n {2}fix: set BP_FUNCTION_DIR to /);
  });
});

describe("build", () => {
  async function detectThenBuild(fixture: string, env: NodeJS.ProcessEnv = {}) {
    const ws = await workspace(fixture);
    expect((await runInProcess(buildpack, "detect", ws, env)).code).toBe(0);
    await ws.planBuildFromDetect();
    return { ws, result: await runInProcess(buildpack, "build", ws, env) };
  }

  it("generates the server, hands its target to go-build, and it compiles", async () => {
    const { ws, result } = await detectThenBuild("knative");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("Wrapping the HTTP function Handle of example.com/knative");
    expect(result.stdout).toContain("handle.go:11");
    const layer = join(ws.layersDir, "go-targets");
    expect(await readFile(`${layer}.toml`, "utf8")).toMatch(/\[types\]\s*\n\s*build = true/);
    expect(await readFile(join(layer, "env.build", "BP_GO_TARGETS.override"), "utf8")).toBe("./fnpacks-generated/server");
    expect(await readFile(join(ws.appDir, "handle.go"), "utf8")).toContain("func Handle(ctx context.Context");
    await execFileAsync("go", ["build", "-o", join(ws.root, "server"), "./fnpacks-generated/server"], { cwd: ws.appDir });
  });

  it("fails listing every candidate and the variable that picks one", async () => {
    const { result } = await detectThenBuild("several");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("found 2 HTTP functions in example.com/several; which one should be served?");
    expect(result.stderr).toContain("handlers.go:5: func Hello(http.ResponseWriter, *http.Request)");
    expect(result.stderr).toContain("handlers.go:7: func Goodbye(http.ResponseWriter, *http.Request)");
    expect(result.stderr).toContain("fix: set the build-time variable BP_FUNCTION_NAME to one of: Hello, Goodbye");
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("refuses to overwrite a fnpacks-generated directory the user owns", async () => {
    const { ws, result } = await detectThenBuild("clash");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("fnpacks-generated already exists in the app and was not generated by fnpacks");
    expect(await readdir(join(ws.appDir, "fnpacks-generated"))).toEqual(["NOTES.md"]);
  });
});
