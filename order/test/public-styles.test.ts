import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp, type BuiltApp, type RunningApp } from "@fnpacks/devkit";
import { explainedBuild } from "./explained";

// Function code as the public platforms have users write it (fixtures/public-styles: our own
// code in each platform's style, its messy parts included — helpers, init(), sub-packages,
// several files, go.mod as they have it), built through the real lifecycle with the composite
// order and no group given, so detection picks the group a real builder picks. A style fnpacks
// serves builds in its signature's group with the go-mod-vendor stand-in and answers real
// requests with no BP_* set (Vercel's api/ layout needs BP_FUNCTION_DIR and a root .go file, and
// the explainer says so); a style it does not serve fails with fnpacks/go-function-explainer's
// explanation, whose fix, where it is not obvious, is applied to a copy and built. Knative's and
// Google Cloud Functions' styles are samples (samples.test.ts).
jest.setTimeout(15 * 60_000);

const fixtures = join(__dirname, "fixtures", "public-styles");
const [DIST, VENDOR, BUILD] = ["fnpacks-devkit/go-dist-standin", "fnpacks-devkit/go-mod-vendor-standin", "paketo-buildpacks/go-build"];
const HTTP = "fnpacks/go-http-function";
const EXPLAINER = "fnpacks/go-function-explainer";

/** What the go-mod-vendor stand-in did, as its build output says it. */
const VENDORING = {
  nothing: /\n {4}Running 'go mod vendor'\n {6}go: no dependencies to vendor\n {6}Completed in /,
  /** Downloads (or takes from the cached layer, then no line) the modules go.mod requires. */
  modules: /\n {4}Running 'go mod vendor'\n(?: {6}go: downloading \S+ \S+\n)* {6}Completed in /,
};

/** Builds and starts an app that must build in the HTTP group with go-mod-vendor; `use` talks to it. */
async function served(appDir: string, env: Record<string, string>, vendoring: RegExp, runtimeEnv: Record<string, string>, use: (running: RunningApp) => Promise<void>) {
  const app: BuiltApp = await buildApp({ appDir, env });
  try {
    expect(app.group.map((b) => b.id)).toEqual([DIST, HTTP, VENDOR, BUILD]);
    expect(app.buildOutput.slice(app.buildOutput.indexOf("devkit stand-in for Paketo Go Mod Vendor\n"))).toMatch(vendoring);
    const running = await app.start({ env: { FNPACKS_DRAIN_DELAY: "0s", ...runtimeEnv } });
    try {
      await running.waitUntilUp();
      await use(running);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  } finally {
    await app.remove();
  }
}

/** A build that must fail at the explainer, with fnpacks' explanation rather than go-build's own failure. */
async function explained(fixture: string): Promise<{ group: string[]; output: string }> {
  const explanation = await explainedBuild(join(fixtures, fixture));
  expect(explanation.output).toContain("\nfnpacks Go Function Explainer 0.1.0\n");
  // Never go-build's own failures, which name neither the function nor fnpacks.
  expect(explanation.output).not.toContain("no main packages to build");
  expect(explanation.output).not.toContain("is undeclared in the main package");
  return explanation;
}

/** A near miss and its fix as the explainer lists them, and the fix the build's error ends with. */
function expectFirstFix(output: string, what: string, fix: string): void {
  expect(output).toContain(`\n  Near misses, nearest first, each with its fix:\n    ${what}\n      fix: ${fix}\n`);
  expect(output).toMatch(new RegExp(`\\n {2}at \\S+\\n {2}fix: ${fix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n`));
}

/** A copy of a fixture with files added, as a user would apply a fix. */
async function copyWith(fixture: string, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `public-styles-${fixture}-`));
  await cp(join(fixtures, fixture), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe("styles fnpacks serves: the HTTP group with go-mod-vendor, real answers", () => {
  it("OpenFaaS golang-middleware: Handle(w, r) in package function of module handler/function (no go.sum), a sub-package, an init() reading the env; no BP_*", async () => {
    await served(join(fixtures, "openfaas-golang-middleware"), {}, VENDORING.nothing, { max_words: "5" }, async (running) => {
      const counted = await fetch(running.url, { method: "POST", body: "one two three\nfour" });
      expect(counted.status).toBe(200);
      expect(counted.headers.get("content-type")).toBe("application/json");
      expect(await counted.json()).toEqual({ words: 4, lines: 2 });
      // init() ran in the served process: max_words from its environment bounds the count.
      const tooMany = await fetch(running.url, { method: "POST", body: "a b c d e f" });
      expect(tooMany.status).toBe(413);
      expect(await tooMany.text()).toBe("too many words: 6 > 5\n");
    });
  });

  it("Scaleway: Handle(w, r) in package handler of module scw-triggers/go, an unexported helper, a _test.go, a local runner under cmd/ requiring serverless-functions-go; no BP_*", async () => {
    await served(join(fixtures, "scaleway-handler"), {}, VENDORING.modules, {}, async (running) => {
      const answer = await fetch(running.url, { method: "POST", body: "20" });
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe("2432902008176640000");
      expect((await fetch(running.url)).status).toBe(405);
    });
  });
});

describe("Vercel: api/index.go (package handler) and shared code under lib/, no .go file at the root", () => {
  it("explained: the Handler in api/, BP_FUNCTION_DIR and a root .go file for go-build's detect; with both applied it builds and answers", async () => {
    const { group, output } = await explained("vercel-api");
    // go-build's detect finds no *.go at the root, so no group with go-build runs: the explainer's own.
    expect(group).toEqual([EXPLAINER]);
    expect(output).toContain("\n  the module root holds no Go package that go build compiles for linux/");
    const fix = 'set BP_FUNCTION_DIR=api, and put a .go file at the module root, which go-build\'s detect looks for (a doc.go holding only "package vercelnotes" will do)';
    expectFirstFix(output, "Handler (api/index.go:11) is an HTTP function in the package api", fix);

    // The fix as the message words it: the doc.go it names, and BP_FUNCTION_DIR.
    const app = await copyWith("vercel-api", { "doc.go": "package vercelnotes\n" });
    try {
      await served(app, { BP_FUNCTION_DIR: "api" }, VENDORING.nothing, {}, async (running) => {
        const note = await fetch(`${running.url}/?id=2`);
        expect(note.status).toBe(200);
        expect(await note.text()).toBe("todo: ship it\n");
        expect((await fetch(`${running.url}/?id=9`)).status).toBe(404);
      });
    } finally {
      await rm(app, { recursive: true, force: true });
    }
  });
});

describe("styles fnpacks does not serve: the explainer names the function and the fix", () => {
  it("OpenFaaS golang-http: Handle(handler.Request) (handler.Response, error); a wrapper of an HTTP function's shape that calls it builds and answers", async () => {
    const { group, output } = await explained("openfaas-golang-http");
    expect(group).toEqual([DIST, EXPLAINER, VENDOR, BUILD]);
    expect(output).toContain(
      "\n  no fnpacks signature buildpack found a function in handler/function (package function), and go-build cannot build it: it is no package main\n",
    );
    expectFirstFix(
      output,
      "Handle (handler.go:12) is func(handler.Request) (handler.Response, error), a shape no fnpacks signature serves",
      "declare a function of a shape fnpacks serves that calls Handle: an MCP tool is func(context.Context, *mcp.CallToolRequest, In) (*mcp.CallToolResult, Out, error), a CloudEvents function is func(event.Event), an HTTP function is func(http.ResponseWriter, *http.Request)",
    );

    // The fix: an HTTP function that calls Handle, beside it (the template's own code untouched).
    const wrapper = `package function

import (
	"io"
	"net/http"

	handler "github.com/openfaas/templates-sdk/go-http"
)

func ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	res, err := Handle(handler.Request{Body: body, Header: r.Header, QueryString: r.URL.RawQuery, Method: r.Method, Host: r.Host})
	for k, vs := range res.Header {
		w.Header()[k] = vs
	}
	if err != nil && res.StatusCode == 0 {
		res.StatusCode = http.StatusInternalServerError
	}
	if res.StatusCode != 0 {
		w.WriteHeader(res.StatusCode)
	}
	w.Write(res.Body)
}
`;
    const app = await copyWith("openfaas-golang-http", { "serve_http.go": wrapper });
    try {
      await served(app, {}, VENDORING.modules, {}, async (running) => {
        const hello = await fetch(running.url, { method: "POST", body: "Gopher", headers: { "accept-language": "fr-FR" } });
        expect(hello.status).toBe(200);
        expect(hello.headers.get("x-served-by")).toBe("golang-http");
        expect(await hello.text()).toBe("Bonjour, Gopher !");
        expect((await fetch(running.url, { method: "POST", body: "" })).status).toBe(400);
      });
    } finally {
      await rm(app, { recursive: true, force: true });
    }
  });

  it("Fission: package main without func main (a plugin), Handler(w, r), a dependency in go.mod and go.sum: rename the package", async () => {
    const { group, output } = await explained("fission-package-main");
    expect(group).toEqual([DIST, EXPLAINER, VENDOR, BUILD]);
    expect(output).toContain(
      "\n  github.com/example/fission-reverse is package main without func main: go build makes no program of it, and fnpacks serves no function of package main\n",
    );
    expectFirstFix(
      output,
      "Handler (main.go:12) is an HTTP function, but its package is main",
      "rename the package in every file of the module root (e.g. package fissionreverse): fnpacks serves the functions of a package that is not main",
    );
  });

  it("DigitalOcean Functions: package main, Main(map[string]interface{}) map[string]interface{}, an init() reading the env: rename the package and declare a function fnpacks serves that calls Main", async () => {
    const { group, output } = await explained("digitalocean-main");
    expect(group).toEqual([DIST, EXPLAINER, VENDOR, BUILD]);
    expect(output).toContain(
      "\n  github.com/example/do-functions/packages/sample/greet is package main without func main: go build makes no program of it, and fnpacks serves no function of package main\n",
    );
    expectFirstFix(
      output,
      "Main (greet.go:18) is func(map[string]interface{}) map[string]interface{}, a shape no fnpacks signature serves",
      "rename the package in every file of the module root (e.g. package greet), and declare a function of a shape fnpacks serves that calls Main: an MCP tool is func(context.Context, *mcp.CallToolRequest, In) (*mcp.CallToolResult, Out, error), a CloudEvents function is func(event.Event), an HTTP function is func(http.ResponseWriter, *http.Request)",
    );
  });
});
