import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { runInProcess, useWorkspaces, type Workspace } from "@fnpacks/cnb/testing";
import { go, gofmtUnformatted, type RunningServer, startServer } from "@fnpacks/go-codegen/testing";
import { functionBuildpack } from "@fnpacks/go-function";
import { httpFunction } from "../src";

// Google's Functions Framework, as its samples are written: an unexported func registered in
// init() with functions.HTTP, exported handlers of the same shape beside it. Detect plans the
// registered name; build generates a server that links to the unexported func; the real go
// builds it and it answers.
jest.setTimeout(180_000);
const buildpack = functionBuildpack(httpFunction);
const workspace = useWorkspaces(join(__dirname, ".."), afterAll);
const fixtures = join(__dirname, "fixtures");

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

async function detect(fixture: string, env: NodeJS.ProcessEnv = {}) {
  const ws = await workspace(fixture);
  return { ws, result: await runInProcess(buildpack, "detect", ws, env) };
}

const candidatesOf = async (ws: Workspace) => ((await ws.detectPlan()).requires as Array<{ metadata: { candidates: unknown[] } }>)[0]?.metadata.candidates;

const HELLO_HTTP = {
  name: "HelloHTTP",
  shape: "handler-func",
  position: "hello_http.go:23",
  signature: "func helloHTTP(http.ResponseWriter, *http.Request)",
  registered: { func: "helloHTTP", call: "functions.HTTP", at: "hello_http.go:18" },
};

describe("detect", () => {
  it("plans the registered function under its registered name, not the exported handlers beside it", async () => {
    const { ws, result } = await detect("gcf-http");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(await candidatesOf(ws)).toEqual([HELLO_HTTP]);
  });

  it.each([
    ["BP_FUNCTION_NAME", "HelloHTTP"],
    ["BP_FUNCTION_NAME", "helloHTTP"],
    ["GOOGLE_FUNCTION_TARGET", "HelloHTTP"],
  ])("%s=%s picks the registration", async (variable, value) => {
    const { ws, result } = await detect("gcf-http", { [variable]: value });
    expect(result.code).toBe(0);
    expect(await candidatesOf(ws)).toEqual([HELLO_HTTP]);
  });

  it("BP_FUNCTION_NAME may still name an exported handler; BP_FUNCTION_NAME wins over GOOGLE_FUNCTION_TARGET", async () => {
    const { ws, result } = await detect("gcf-http", { BP_FUNCTION_NAME: "HelloGet", GOOGLE_FUNCTION_TARGET: "HelloHTTP" });
    expect(result.code).toBe(0);
    expect(await candidatesOf(ws)).toEqual([{ name: "HelloGet", shape: "handler-func", position: "hello_get.go:10", signature: "func HelloGet(http.ResponseWriter, *http.Request)" }]);
  });

  it("a name that is not registered is refused with the names that are", async () => {
    const { result } = await detect("gcf-http", { GOOGLE_FUNCTION_TARGET: "HelloPubSub" });
    expect(result.code).toBe(100);
    expect(result.stdout).toContain('no HTTP function named HelloPubSub (GOOGLE_FUNCTION_TARGET) in example.com/gcf/helloworld: it registers the HTTP functions "HelloHTTP"');
  });

  it("steps aside for a package that registers a CloudEvent function (cloudevents-fn's fixture), saying so", async () => {
    const { result } = await detect(join(__dirname, "..", "..", "cloudevents-fn", "test", "fixtures", "gcf-cloudevent"));
    expect(result.code).toBe(100);
    expect(result.stdout).toContain(
      "no HTTP function in example.com/gcf/pubsub: it registers functions in init(), and this one cannot be served: " +
        'functions.CloudEvent("HelloPubSub", helloPubSub) at hello_pubsub.go:15: it registers a CloudEvent function; this buildpack serves HTTP functions',
    );
  });

  it.each([
    ["typed", "functions.Typed registers a typed function"],
    ["closure", "it registers a func literal, which has no name the generated server can call"],
    ["method-value", "server.serve is a method value or a field, not a top-level func"],
    ["non-literal-name", "the name functionName is not a string literal: fnpacks reads the name from the source without running it"],
    ["register-path", "funcframework's Register functions serve a path on the framework's own server"],
    ["generic", "helloAny (function.go:16) is not a plain top-level func: generic funcs"],
  ])("refuses a package that only registers what it cannot serve (%s), saying why, and serves none of its exported funcs", async (fixture, why) => {
    const { result } = await detect(join("gcf-refused", fixture));
    expect(result.code).toBe(100);
    const reason = result.stdout.trimEnd().split("\n").pop() ?? "";
    expect(reason).toContain(`no HTTP function in example.com/gcf/${fixture}: it registers functions in init(), and`);
    expect(reason).toContain(why);
  });

  it("counts both of funcframework's path registrations", async () => {
    const { result } = await detect("gcf-refused/register-path");
    expect(result.stdout).toContain('funcframework.RegisterHTTPFunctionContext(context.Background(), "/", hello) at function.go:14');
    expect(result.stdout).toContain('funcframework.RegisterHTTPFunction("/legacy", hello) at function.go:17');
  });

  it("follows an import alias, serves the HTTP registration (any string names it) and says why the typed one is not served", async () => {
    const { ws, result } = await detect("gcf-refused/aliased-mixed", { BP_LOG_LEVEL: "DEBUG" });
    expect(result.code).toBe(0);
    expect(await candidatesOf(ws)).toEqual([
      {
        name: "hello-http",
        shape: "handler-func",
        position: "function.go:25",
        signature: "func helloHTTP(http.ResponseWriter, *http.Request)",
        registered: { func: "helloHTTP", call: "ff.HTTP", at: "function.go:14" },
      },
    ]);
    expect(result.stdout).toContain('function.go:13: ff.Typed("Sum", sum) is not a candidate: functions.Typed registers a typed function');
    const named = await detect("gcf-refused/aliased-mixed", { BP_FUNCTION_NAME: "hello-http" });
    expect(named.result.code).toBe(0);
  });
});

describe("build", () => {
  let ws: Workspace;
  let build: { code: number; stdout: string; stderr: string };
  let server: RunningServer | undefined;
  beforeAll(async () => {
    ws = await workspace("gcf-http");
    expect((await runInProcess(buildpack, "detect", ws)).code).toBe(0);
    await ws.planBuildFromDetect();
    build = await runInProcess(buildpack, "build", ws, { ...process.env });
  });
  afterAll(() => server?.kill());

  it("generates a server that links to the unexported func, and says so", async () => {
    expect(build).toMatchObject({ code: 0, stderr: "" });
    expect(build.stdout).toContain("Wrapping the HTTP function HelloHTTP of example.com/gcf/helloworld");
    expect(build.stdout).toContain("func helloHTTP(http.ResponseWriter, *http.Request) at hello_http.go:23");
    expect(build.stdout).toContain("registered by functions.HTTP at hello_http.go:18; unexported, so the server reaches helloHTTP through //go:linkname");
    const main = await readFile(join(ws.appDir, "fnpacks-generated", "server", "main.go"), "utf8");
    expect(main).toContain('\t_ "example.com/gcf/helloworld"\n');
    expect(main).toContain("//go:linkname linked_helloHTTP example.com/gcf/helloworld.helloHTTP\nfunc linked_helloHTTP(http.ResponseWriter, *http.Request)\n");
    expect(main).toContain("Handler: http.HandlerFunc(linked_helloHTTP),");
  });

  it("leaves every file of the user's as it was", async () => {
    const source = join(fixtures, "gcf-http");
    const before = await files(source);
    expect((await files(ws.appDir)).filter((f) => !f.startsWith("fnpacks-generated/"))).toEqual(before);
    for (const file of before) expect(await readFile(join(ws.appDir, file), "utf8")).toBe(await readFile(join(source, file), "utf8"));
  });

  it("is gofmt- and vet-clean within the module's go 1.25 (vet's stdversion check), builds, and answers as the registered function", async () => {
    expect(await gofmtUnformatted(ws.appDir, "fnpacks-generated")).toBe("");
    await go(ws.appDir, ["vet", "./fnpacks-generated/..."]);
    const binary = join(ws.root, "server");
    await go(ws.appDir, ["build", "-o", binary, "./fnpacks-generated/server"]);
    server = await startServer(binary);
    expect(server.logs.join("\n")).toContain("HelloHTTP");
    const get = await fetch(`${server.url}/?name=Gopher`);
    expect([get.status, await get.text()]).toEqual([200, "Hello, Gopher!\n"]);
    const post = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Ada" }) });
    expect([post.status, await post.text()]).toEqual([200, "Hello, Ada!\n"]);
    expect((await fetch(`${server.url}/.fnpacks/ready`)).status).toBe(200);
  });
});
