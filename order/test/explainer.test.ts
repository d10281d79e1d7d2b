import { join } from "node:path";
import { buildApp } from "@fnpacks/devkit";
import { explainedBuild } from "./explained";

// fnpacks/go-function-explainer in the composite order, through the real lifecycle (devkit):
// each near miss of packages/go-function-explainer/test/fixtures fails the build with
// fnpacks' message naming the function and the fix; apps that build today build exactly as
// before (a package main app never sees the explainer, a root library with BP_GO_TARGETS set
// builds its program). One build per case: most fail at the explainer, right after go-dist.
jest.setTimeout(10 * 60_000);

const root = join(__dirname, "..", "..");
const fixtures = join(root, "packages", "go-function-explainer", "test", "fixtures");
const EXPLAINER = "fnpacks/go-function-explainer";
const [DIST, VENDOR, BUILD] = ["fnpacks-devkit/go-dist-standin", "fnpacks-devkit/go-mod-vendor-standin", "paketo-buildpacks/go-build"];

/** A build of a fixture that must fail at the explainer. */
const explained = (fixture: string, env: Record<string, string> = {}) => explainedBuild(join(fixtures, fixture), env);

/** The near miss and its fix, as the explainer's build lists them. */
const item = (what: string, fix: string) => `\n    ${what}\n      fix: ${fix}\n`;

it("a library package of near misses: each function with why and its fix, in the plain Go group with go-mod-vendor", async () => {
  const { group, output } = await explained("near-misses");
  expect(group).toEqual([DIST, EXPLAINER, VENDOR, BUILD]);
  expect(output).toContain("\nfnpacks Go Function Explainer 0.1.0\n");
  expect(output).toContain(
    "\n  no fnpacks signature buildpack found a function in example.com/nearmisses (package nearmisses), and go-build cannot build it: it is no package main\n",
  );
  expect(output).toContain(
    item(
      "helloGet (handlers.go:7) has the shape of an HTTP function, func(http.ResponseWriter, *http.Request), but is not exported",
      'export it: rename it HelloGet (or register it in init() with functions.HTTP("HelloGet", helloGet))',
    ),
  );
  expect(output).toContain(
    item(
      "Handle (handlers.go:12) is a method of *MyFunction (an HTTP function's shape), not a top-level func",
      "add func New() *MyFunction: fnpacks then serves an instance's Handle (Knative Functions' instanced form)",
    ),
  );
  expect(output).toContain(item("Generic (handlers.go:15) is generic (has type parameters): the generated server cannot choose its type arguments", "add a non-generic func that calls it"));
  expect(output).toContain(
    item(
      "ByValue (handlers.go:18) its second parameter is http.Request, not *http.Request: an HTTP function is func(http.ResponseWriter, *http.Request)",
      "make its second parameter *http.Request",
    ),
  );
  expect(output).toContain(item("InTest (handler_test.go:5) is in a _test.go file, which go build leaves out", "move it to a file whose name does not end in _test.go"));
  expect(output).toContain(
    item(
      "OnWindows (windows.go:7) is in a file go build leaves out for linux/amd64: //go:build windows (line 1) is false",
      "move it to a file built for linux (or change the file's build constraint)",
    ),
  );
  // The error the build ends with: what, where, the fix to try first; never go-build's "no main packages to build".
  expect(output).toMatch(
    /\nno fnpacks signature buildpack found a function in example\.com\/nearmisses .*\n {2}at \S+\n {2}fix: export it: rename it HelloGet \(or register it in init\(\) with functions\.HTTP\("HelloGet", helloGet\)\)\n/,
  );
  expect(output).not.toContain("no main packages to build");
  expect(output).not.toContain("Paketo Go Build Buildpack");
});

it("package main without func main holding an HTTP function: rename the package", async () => {
  const { group, output } = await explained("main-without-main");
  expect(group).toEqual([DIST, EXPLAINER, VENDOR, BUILD]);
  expect(output).toContain(
    item(
      "Handle (fn.go:6) is an HTTP function, but its package is main",
      "rename the package in every file of the module root (e.g. package mainwithoutmain): fnpacks serves the functions of a package that is not main",
    ),
  );
});

it("a function in a sub-package and no Go file at the root: go-build's detect fails, the explainer's own group says BP_FUNCTION_DIR", async () => {
  const { group, output } = await explained("sub-package");
  expect(group).toEqual([EXPLAINER]);
  expect(output).toContain("\n  the module root holds no Go package that go build compiles for linux/amd64\n");
  expect(output).toContain(
    item(
      "Hello (functions/hello/hello.go:6) is an HTTP function in the package functions/hello",
      'set BP_FUNCTION_DIR=functions/hello, and put a .go file at the module root, which go-build\'s detect looks for (a doc.go holding only "package subpackage" will do)',
    ),
  );
});

it("BP_FUNCTION_DIR naming a function's package with no Go file at the root: the HTTP group's go-build fails detect, and the explainer says so", async () => {
  const { group, output } = await explained("sub-package", { BP_FUNCTION_DIR: "functions/hello" });
  expect(group).toEqual([EXPLAINER]);
  expect(output).toContain(
    item(
      "Hello (functions/hello/hello.go:6) is an HTTP function, which fnpacks/go-http-function serves, but go-build's detect found no *.go file at the module root (nor under cmd/), so no group with go-build ran",
      'put a .go file at the module root, which go-build\'s detect looks for (a doc.go holding only "package subpackage" will do)',
    ),
  );
});

it("a root library beside its program under cmd/: BP_GO_TARGETS", async () => {
  const { output } = await explained("cmd-beside-library");
  expect(output).toContain(item("cmd/server is package main with func main: a program", "to build that program instead, set BP_GO_TARGETS=./cmd/server"));
});

it("BP_FUNCTION_NAME that matches nothing: what was asked, what there is, the closest", async () => {
  const { output } = await explained("named", { BP_FUNCTION_NAME: "Hanlde" });
  expect(output).toContain("\n  BP_FUNCTION_NAME=Hanlde matches no function in example.com/named: its functions are Handle; the closest name is Handle\n");
  expect(output).toMatch(/\n {2}fix: set BP_FUNCTION_NAME=Handle\n/);
});

it("BP_FUNCTION_DIR that matches nothing: the dir does not exist; the dirs that hold Go packages, the closest, and the function there", async () => {
  const { output } = await explained("named", { BP_FUNCTION_DIR: "function/hello" });
  expect(output).toMatch(/\n {2}BP_FUNCTION_DIR=function\/hello: package dir function\/hello does not exist in \S+\n/);
  expect(output).toContain(item("Hello (functions/hello/hello.go:5) is an HTTP function in the package functions/hello", "set BP_FUNCTION_DIR=functions/hello"));
  expect(output).toContain("\n    the module's Go package dirs: ., functions/hello (the closest to function/hello: functions/hello)\n");
});

describe("apps that build today build exactly as before", () => {
  it("a package main app: Paketo's plain Go group, and the lifecycle's output has no fnpacks text (only devkit's stand-ins for Paketo's members)", async () => {
    const built = await buildApp({ appDir: join(root, "packages", "devkit", "test", "fixtures", "plain-app") });
    try {
      expect(built.group.map((b) => b.id)).toEqual([DIST, VENDOR, BUILD]);
      // devkit's own names aside: its stand-ins' ids and its build dir (/tmp/fnpacks-devkit-…).
      const lifecycle = `${built.detectOutput}\n${built.buildOutput}`.replaceAll(/fnpacks-devkit[-/]/g, "");
      expect(lifecycle).toContain("Paketo Go Build Buildpack");
      expect(lifecycle).not.toMatch(/fnpacks/i);
    } finally {
      await built.remove();
    }
  });

  it("a root library with BP_GO_TARGETS=./cmd/server: go-build builds the program, which answers", async () => {
    const built = await buildApp({ appDir: join(fixtures, "cmd-beside-library"), env: { BP_GO_TARGETS: "./cmd/server" } });
    try {
      expect(built.group.map((b) => b.id)).toEqual([DIST, VENDOR, BUILD]);
      const running = await built.start();
      expect(await (await running.waitForHttp("/?name=Gopher")).text()).toBe("Hello, Gopher!\n");
    } finally {
      await built.remove();
    }
  });
});
