import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runInProcess, useWorkspaces } from "@fnpacks/cnb/testing";
import { explainerBuildpack, specificTypeNames } from "../src";
import { SIGNATURES } from "../src/signatures.generated";

// The explainer in this process, with the real go-detect and every signature of the
// repository (the generated registry): when it steps aside, and what its build says of each
// near miss. order/test/explainer.test.ts builds the same fixtures through the real lifecycle.
const packageDir = join(__dirname, "..");
const fixtures = join(__dirname, "fixtures");
const buildpack = explainerBuildpack(() => SIGNATURES);
const workspace = useWorkspaces(packageDir, afterAll);
const plainApp = join(packageDir, "..", "devkit", "test", "fixtures", "plain-app");

async function detect(app: string, env: NodeJS.ProcessEnv = {}) {
  return runInProcess(buildpack, "detect", await workspace(app), env);
}

/** Runs build as the lifecycle would after detect passed; its output. */
async function build(app: string, env: NodeJS.ProcessEnv = {}) {
  const ws = await workspace(app);
  const detected = await runInProcess(buildpack, "detect", ws, env);
  expect([detected.code, detected.stdout]).toEqual([0, ""]);
  await ws.planBuildFromDetect();
  return runInProcess(buildpack, "build", ws, env);
}

it("knows every signature package of the repository, none listed by hand: each package with a buildpack.toml but this one, its own `signature`", () => {
  const packages = join(packageDir, "..");
  const expected = readdirSync(packages)
    .filter((name) => existsSync(join(packages, name, "buildpack.toml")) && name !== "go-function-explainer")
    .map((name) => ({ id: /\bid\s*=\s*"([^"]+)"/.exec(readFileSync(join(packages, name, "buildpack.toml"), "utf8"))?.[1], signature: require(join(packages, name, "src", "index.ts")).signature }));
  expect(expected.length).toBeGreaterThanOrEqual(3);
  expect([...SIGNATURES].sort((a, b) => a.id.localeCompare(b.id))).toEqual(expected.sort((a, b) => String(a.id).localeCompare(String(b.id))));
  for (const { signature } of expected) expect(SIGNATURES.some((s) => s.signature === signature)).toBe(true);
  // The types that make their shapes specific, for what go-detect does not read (excluded files, generic funcs).
  expect(specificTypeNames(SIGNATURES)).toEqual(expect.arrayContaining(["CallToolRequest", "Event", "Request", "ResponseWriter"]));
});

describe("detect steps aside for every app that builds today", () => {
  it.each([
    ["a package main with func main", plainApp, {}, /is package main with func main: a program, which go-build builds$/],
    ["BP_GO_TARGETS", join(fixtures, "cmd-beside-library"), { BP_GO_TARGETS: "./cmd/server" }, /BP_GO_TARGETS is set \(\.\/cmd\/server\): go-build builds what it says$/],
    ["BP_GO_WORKDIR", join(fixtures, "near-misses"), { BP_GO_WORKDIR: "." }, /BP_GO_WORKDIR is set/],
  ])("%s", async (_case, app, env, reason) => {
    const result = await detect(app, env);
    expect(result.code).toBe(100);
    expect(result.stdout.trim()).toMatch(reason);
  });

  it("no go.mod", async () => {
    const ws = await workspace(join(fixtures, "main-without-main"));
    await rm(join(ws.appDir, "go.mod"));
    const result = await runInProcess(buildpack, "detect", ws);
    expect([result.code, result.stdout.trim()]).toEqual([100, "fnpacks Go Function Explainer: no go.mod: not a Go module"]);
  });

  it("no *.go at the root and a program under cmd/ (go-build builds cmd/), unless a function is asked for", async () => {
    const ws = await workspace(join(fixtures, "sub-package"));
    await mkdir(join(ws.appDir, "cmd", "tool"), { recursive: true });
    await writeFile(join(ws.appDir, "cmd", "tool", "main.go"), "package main\n\nfunc main() {}\n");
    const aside = await runInProcess(buildpack, "detect", ws);
    expect([aside.code, aside.stdout.trim()]).toEqual([100, "fnpacks Go Function Explainer: the module root holds no *.go file and cmd/ does: go-build builds the packages under cmd/"]);
    expect((await runInProcess(buildpack, "detect", ws, { BP_FUNCTION_DIR: "functions/hello" })).code).toBe(0);
  });
});

describe("detect passes for what neither a signature nor go-build builds, planning only its own entry", () => {
  it.each([
    ["a library package", "near-misses", {}],
    ["a package main without func main", "main-without-main", {}],
    ["no Go file at the root", "sub-package", {}],
    ["a BP_FUNCTION_DIR that cannot be a package dir", "near-misses", { BP_FUNCTION_DIR: "../elsewhere" }],
    ["a BP_FUNCTION_DIR that does not exist", "named", { BP_FUNCTION_DIR: "function/hello" }],
  ])("%s", async (_case, fixture, env) => {
    const ws = await workspace(join(fixtures, fixture));
    expect((await runInProcess(buildpack, "detect", ws, env)).code).toBe(0);
    expect(await ws.detectPlan()).toEqual({ provides: [{ name: "fnpacks-go-function-explainer" }], requires: [{ name: "fnpacks-go-function-explainer" }] });
  });
});

describe("build fails with the explanation: what, where, and the fix for each near miss", () => {
  it("a library package: unexported, a method, generic, wrong types, a _test.go file, a build constraint", async () => {
    const result = await build(join(fixtures, "near-misses"));
    expect(result.code).toBe(1);
    const out = result.stdout;
    expect(out).toContain(
      "no fnpacks signature buildpack found a function in example.com/nearmisses (package nearmisses), and go-build cannot build it: it is no package main\n",
    );
    for (const [what, fix] of [
      [
        "helloGet (handlers.go:7) has the shape of an HTTP function, func(http.ResponseWriter, *http.Request), but is not exported",
        'export it: rename it HelloGet (or register it in init() with functions.HTTP("HelloGet", helloGet))',
      ],
      [
        "Handle (handlers.go:12) is a method of *MyFunction (an HTTP function's shape), not a top-level func",
        "add func New() *MyFunction: fnpacks then serves an instance's Handle (Knative Functions' instanced form)",
      ],
      ["InTest (handler_test.go:5) is in a _test.go file, which go build leaves out", "move it to a file whose name does not end in _test.go"],
      [
        "OnWindows (windows.go:7) is in a file go build leaves out for linux/amd64: //go:build windows (line 1) is false",
        "move it to a file built for linux (or change the file's build constraint)",
      ],
      [
        "ByValue (handlers.go:18) its second parameter is http.Request, not *http.Request: an HTTP function is func(http.ResponseWriter, *http.Request)",
        "make its second parameter *http.Request",
      ],
      ["Generic (handlers.go:15) is generic (has type parameters): the generated server cannot choose its type arguments", "add a non-generic func that calls it"],
    ]) {
      expect(out).toContain(`    ${what}\n      fix: ${fix}\n`);
    }
    expect(out).not.toContain("Helper");
    expect(out).toContain("    fnpacks/go-http-function: no HTTP function in example.com/nearmisses\n");
    expect(result.stderr).toBe(
      [
        "no fnpacks signature buildpack found a function in example.com/nearmisses (package nearmisses), and go-build cannot build it: it is no package main",
        `  at ${result.stderr.split("\n")[1]?.slice(5)}`,
        '  fix: export it: rename it HelloGet (or register it in init() with functions.HTTP("HelloGet", helloGet))',
        "",
      ].join("\n"),
    );
  });

  it("package main without func main holding a handler: rename the package", async () => {
    const result = await build(join(fixtures, "main-without-main"));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "  example.com/mainwithoutmain is package main without func main: go build makes no program of it, and fnpacks serves no function of package main\n",
    );
    expect(result.stdout).toContain(
      "    Handle (fn.go:6) is an HTTP function, but its package is main\n      fix: rename the package in every file of the module root (e.g. package mainwithoutmain): fnpacks serves the functions of a package that is not main\n",
    );
  });

  it("no Go at the root and a function in a sub-package: BP_FUNCTION_DIR", async () => {
    const result = await build(join(fixtures, "sub-package"));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("  the module root holds no Go package that go build compiles for linux/amd64\n");
    // go-build's detect wants a *.go file at the root too: BP_FUNCTION_DIR alone would not do.
    const fix = 'set BP_FUNCTION_DIR=functions/hello, and put a .go file at the module root, which go-build\'s detect looks for (a doc.go holding only "package subpackage" will do)';
    expect(result.stdout).toContain(`    Hello (functions/hello/hello.go:6) is an HTTP function in the package functions/hello\n      fix: ${fix}\n`);
    expect(result.stderr.endsWith(`\n  fix: ${fix}\n`)).toBe(true);
  });

  it("BP_FUNCTION_DIR naming the function's package, but no Go file at the root: go-build's detect, and the doc.go that satisfies it", async () => {
    const result = await build(join(fixtures, "sub-package"), { BP_FUNCTION_DIR: "functions/hello" });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "    Hello (functions/hello/hello.go:6) is an HTTP function, which fnpacks/go-http-function serves, but go-build's detect found no *.go file at the module root (nor under cmd/), so no group with go-build ran\n" +
        '      fix: put a .go file at the module root, which go-build\'s detect looks for (a doc.go holding only "package subpackage" will do)\n',
    );
  });

  it("a root library beside a program under cmd/: BP_GO_TARGETS", async () => {
    const result = await build(join(fixtures, "cmd-beside-library"));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("    cmd/server is package main with func main: a program\n      fix: to build that program instead, set BP_GO_TARGETS=./cmd/server\n");
  });

  it("BP_FUNCTION_NAME that matches nothing: what was asked, what there is, the closest", async () => {
    const result = await build(join(fixtures, "named"), { BP_FUNCTION_NAME: "Hanlde" });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("  BP_FUNCTION_NAME=Hanlde matches no function in example.com/named: its functions are Handle; the closest name is Handle\n");
    expect(result.stderr).toMatch(/^BP_FUNCTION_NAME=Hanlde matches no function in example\.com\/named: .*\n {2}at .*\n {2}fix: set BP_FUNCTION_NAME=Handle\n$/);
  });

  it("BP_FUNCTION_DIR that does not exist: the dirs that hold Go packages, the closest, and the functions there", async () => {
    const result = await build(join(fixtures, "named"), { BP_FUNCTION_DIR: "function/hello" });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("  BP_FUNCTION_DIR=function/hello: package dir function/hello does not exist in ");
    expect(result.stdout).toContain("    Hello (functions/hello/hello.go:5) is an HTTP function in the package functions/hello\n      fix: set BP_FUNCTION_DIR=functions/hello\n");
    expect(result.stdout).toContain("    the module's Go package dirs: ., functions/hello (the closest to function/hello: functions/hello)\n");
  });

  it("BP_FUNCTION_DIR outside the app: the reason, then what there is", async () => {
    const result = await build(join(fixtures, "named"), { BP_FUNCTION_DIR: "../elsewhere" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^BP_FUNCTION_DIR="..\/elsewhere" is not a package directory of the app: package dir "..\/elsewhere" is outside the app dir\n/);
    expect(result.stdout).toContain("    Handle (fn.go:6) is an HTTP function at the module root\n      fix: unset BP_FUNCTION_DIR\n");
  });
});

describe("near misses of the other signatures, from their own data", () => {
  it("CloudEvents: a receiver taking *event.Event; MCP: a tool handler without the context", async () => {
    const ws = await workspace(join(fixtures, "main-without-main"));
    await writeFile(
      join(ws.appDir, "go.mod"),
      "module example.com/others\n\ngo 1.25\n\nrequire (\n\tgithub.com/cloudevents/sdk-go/v2 v2.16.2\n\tgithub.com/modelcontextprotocol/go-sdk v1.0.0\n)\n",
    );
    await writeFile(
      join(ws.appDir, "fn.go"),
      'package others\n\nimport (\n\t"context"\n\n\tcloudevents "github.com/cloudevents/sdk-go/v2"\n\t"github.com/modelcontextprotocol/go-sdk/mcp"\n)\n\nfunc Receive(ctx context.Context, e *cloudevents.Event) error { return nil }\n\ntype In struct{}\n\nfunc Tool(req *mcp.CallToolRequest, in In) (*mcp.CallToolResult, any, error) { return nil, nil, nil }\n',
    );
    expect((await runInProcess(buildpack, "detect", ws)).code).toBe(0);
    await ws.planBuildFromDetect();
    const result = await runInProcess(buildpack, "build", ws);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "    Receive (fn.go:10) its second parameter is *cloudevents.Event, not event.Event: a CloudEvents function is func(context.Context, event.Event) error\n      fix: make its second parameter event.Event\n",
    );
    // MCP's own near-miss spec says it (vet's reason, which names the shape); no second item for the same function.
    expect(result.stdout).toMatch(/\n {4}Tool \(fn\.go:14\) takes no context\.Context first: a tool is func\(context\.Context, \*mcp\.CallToolRequest, In\)/);
    expect(result.stdout.match(/ {4}Tool \(/g)).toHaveLength(1);
  });
});

describe("hostile input never hangs it", () => {
  it("a FIFO named like a test file, a symlink loop, a deep tree and a huge flat dir: detect and build end with their verdicts", async () => {
    const ws = await workspace(join(fixtures, "near-misses"));
    execFileSync("mkfifo", [join(ws.appDir, "pipe_test.go")]);
    await symlink(".", join(ws.appDir, "loop"));
    let deep = ws.appDir;
    for (let i = 0; i < 30; i++) deep = join(deep, `d${i}`);
    await mkdir(deep, { recursive: true });
    await writeFile(join(deep, "deep.go"), "package deep\n\nimport \"net/http\"\n\nfunc Deep(w http.ResponseWriter, r *http.Request) {}\n");
    await mkdir(join(ws.appDir, "many"));
    for (let i = 0; i < 3000; i++) await writeFile(join(ws.appDir, "many", `f${i}.txt`), "");
    expect((await runInProcess(buildpack, "detect", ws)).code).toBe(0);
    await ws.planBuildFromDetect();
    const result = await runInProcess(buildpack, "build", ws);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("helloGet (handlers.go:7) has the shape of an HTTP function");
    // The look through the module stops at its limits (4 levels), saying so; the deep package is past them.
    expect(result.stdout).toContain("  Note: the look for packages elsewhere stopped after");
    expect(result.stdout).not.toContain("Deep (");
  });
});
