import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuildContext, type DetectContext, type DetectResult, Layers, UserError } from "@fnpacks/cnb";
import { fakeDetectContext } from "@fnpacks/cnb/testing";
import type { GeneratedPackage } from "@fnpacks/go-codegen";
import { cannotWrite } from "../src/build";
import type { GoResult, GoRunner } from "../src/module-graph";
import { MAX_PLANNED_CANDIDATES } from "../src/plan";
import {
  type Analysis,
  type AnalyzedPackage,
  type AnalyzeRequest,
  createBuild,
  createDetect,
  EVERY_FUNCTION,
  type FunctionSignature,
  generateOne,
  ONE_FUNCTION,
  type PlannedCandidate,
  readFunctionConfig,
} from "../src";

// The shared flow on its own: go-detect is replaced by a fixed analysis (the signature
// buildpacks' tests run the real one).
const handler = (name: string, shape = "plain"): PlannedCandidate => ({
  name,
  shape,
  position: `fn.go:${name.length}`,
  signature: `func ${name}()`,
});

const signature: FunctionSignature = {
  planName: "test-function",
  kind: "test function",
  specs: [
    { kind: "func", id: "plain", params: [], results: [] },
    { kind: "func", id: "fallback", params: [], results: [{ importPath: "", name: "error" }] },
  ],
  requiredModules: ["example.com/sdk"],
  narrow: (candidates) => {
    const preferred = candidates.filter((c) => c.shape !== "fallback");
    return preferred.length > 0 ? preferred : candidates;
  },
  adapterImports: ["example.com/sdk/client"],
  generate: generateOne(
    (target): GeneratedPackage => ({
      files: [{ path: "fnpacks-generated/server/main.go", content: `// ${target.importPath}.${target.name}\n` }],
      buildTarget: "./fnpacks-generated/server",
    }),
  ),
};

function pkg(overrides: Partial<AnalyzedPackage> = {}): Analysis {
  return {
    kind: "package",
    pkg: {
      modulePath: "example.com/app",
      importPath: "example.com/app",
      isMain: false,
      requiredModules: ["example.com/sdk"],
      imports: ["example.com/sdk/client"],
      candidates: [handler("Handle")],
      ...overrides,
    },
  };
}

let dir: string;
let output: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "go-function-"));
  output = "";
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function context(env: NodeJS.ProcessEnv = {}): DetectContext {
  return fakeDetectContext({ appDir: join(dir, "app"), target: { os: "linux", arch: "arm64" }, env, write: (text) => (output += text) });
}

/** The candidates' names a passing detect planned. */
function plannedNames(result: DetectResult): string[] {
  const candidates = result.pass ? (result.plan?.requires?.[0]?.metadata?.candidates as PlannedCandidate[] | undefined) : undefined;
  return (candidates ?? []).map((c) => c.name);
}

async function detect(analysis: Analysis, env: NodeJS.ProcessEnv = {}) {
  const requests: unknown[] = [];
  const result = await createDetect(signature, async (request) => {
    requests.push(request);
    return analysis;
  })(context(env));
  return { result, requests };
}

describe("detect", () => {
  it("passes with a plan naming the one candidate, analysing for the target arch", async () => {
    const { result, requests } = await detect(pkg(), { BP_FUNCTION_DIR: "./fns/" });
    expect(requests).toMatchObject([{ packageDir: "fns", goarch: "arm64", specs: signature.specs }]);
    expect(result).toEqual({
      pass: true,
      plan: {
        provides: [{ name: "test-function" }],
        requires: [
          {
            name: "test-function",
            metadata: {
              module: "example.com/app",
              package: "example.com/app",
              "package-dir": "fns",
              candidates: [handler("Handle")],
            },
          },
        ],
      },
    });
  });

  it.each<[string, Analysis, string]>([
    ["not a package", { kind: "not-a-package", reason: "no go.mod in /app" }, "no go.mod in /app"],
    ["package main", pkg({ isMain: true }), "example.com/app is package main: an application, not a function"],
    ["a module without the sdk", pkg({ requiredModules: [] }), "go.mod does not require example.com/sdk"],
    ["no candidate", pkg({ candidates: [] }), "no test function in example.com/app"],
  ])("fails for %s", async (_case, analysis, reason) => {
    expect((await detect(analysis)).result).toEqual({ pass: false, reason });
  });

  it("prefers an instance (New) over static functions, as Knative Functions does, unless the user names one", async () => {
    const instance = { ...handler("New"), instance: { type: "*F", handle: "func (*F) Handle()", methods: ["Stop"], ignored: [] } };
    const analysis = pkg({ candidates: [handler("Handle"), instance] });
    expect((await detect(analysis)).result).toMatchObject({ plan: { requires: [{ metadata: { candidates: [{ name: "New", instance: { methods: ["Stop"] } }] } }] } });
    const named = await detect(analysis, { BP_FUNCTION_NAME: "Handle" });
    expect(named.result).toMatchObject({ plan: { requires: [{ metadata: { candidates: [{ name: "Handle" }] } }] } });
  });

  it("lets the signature narrow the candidates, unless the user named one", async () => {
    const analysis = pkg({ candidates: [handler("Close", "fallback"), handler("Handle")] });
    expect((await detect(analysis)).result).toMatchObject({ plan: { requires: [{ metadata: { candidates: [{ name: "Handle" }] } }] } });
    const named = await detect(analysis, { BP_FUNCTION_NAME: "Close" });
    expect(named.result).toMatchObject({ plan: { requires: [{ metadata: { candidates: [{ name: "Close" }] } }] } });
  });

  it("gives the analyzer a debug sink only with debug on, so no debug line is built for nothing", async () => {
    const requests: AnalyzeRequest[] = [];
    const analyze = async (request: AnalyzeRequest) => {
      requests.push(request);
      return pkg();
    };
    await createDetect(signature, analyze)(context());
    await createDetect(signature, analyze)(fakeDetectContext({ appDir: join(dir, "app"), debug: true, write: (text) => (output += text) }));
    expect(requests.map((request) => typeof request.debug)).toEqual(["undefined", "function"]);
  });
});

describe("build", () => {
  /** `go list` as module-graph.ts runs it: here every package resolves unless a test says otherwise. */
  const resolves: GoResult = { code: 0, stdout: '{\n\t"ImportPath": "example.com/sdk/client"\n}\n', stderr: "" };
  let goList = resolves;
  beforeEach(() => {
    goList = resolves;
  });
  const go: GoRunner = async () => goList;

  async function build(analysis: Analysis, env: NodeJS.ProcessEnv = {}) {
    const { result } = await detect(analysis, env);
    if (!result.pass) throw new Error(result.reason);
    const entry = result.plan?.requires?.[0];
    const buildContext: BuildContext = {
      ...context(env),
      layers: new Layers(join(dir, "layers")),
      plan: [{ name: entry?.name ?? "", metadata: entry?.metadata ?? {} }],
    };
    return createBuild(signature, go)(buildContext);
  }

  it("writes the adapter and sets BP_GO_TARGETS in a build-only layer", async () => {
    const result = await build(pkg());
    const [layer] = result.layers ?? [];
    expect(layer?.types).toEqual({ build: true, launch: false, cache: false });
    await layer?.write();
    expect(await readFile(join(dir, "layers", "go-targets", "env.build", "BP_GO_TARGETS.override"), "utf8")).toBe("./fnpacks-generated/server");
    expect(await readFile(join(dir, "app", "fnpacks-generated", "server", "main.go"), "utf8")).toBe("// example.com/app.Handle\n");
    expect(output).toContain("Wrapping the test function Handle of example.com/app");
  });

  it("stops with Go's fix when the module lacks what the adapter imports, and writes nothing", async () => {
    const err = "missing go.sum entry for module providing package example.com/dep (imported by example.com/sdk/client); to add:\n\tgo get example.com/sdk/client@v1.2.3";
    goList = { code: 0, stdout: `${JSON.stringify({ ImportPath: "example.com/dep", Error: { ImportStack: ["example.com/sdk/client"], Err: err } }, null, "\t")}\n`, stderr: "" };
    const error = await build(pkg()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      "the generated test function server needs packages your module does not provide: example.com/dep (for example.com/sdk/client) (fnpacks never edits go.mod, go.sum or vendor/)",
    );
    expect((error as UserError).fix).toMatch(/^run go get example.com\/sdk\/client@v1.2.3 in your module/);
    await expect(readFile(join(dir, "app", "fnpacks-generated", "server", "main.go"))).rejects.toThrow(/ENOENT/);
  });

  it("goes on with a warning when go cannot answer", async () => {
    goList = { code: 1, stdout: "", stderr: "go: errors parsing go.mod" };
    await build(pkg());
    expect(output).toContain("Could not check that your module provides example.com/sdk/client for the generated server: go list failed: go: errors parsing go.mod");
    expect(await readFile(join(dir, "app", "fnpacks-generated", "server", "main.go"), "utf8")).toBe("// example.com/app.Handle\n");
  });

  it("fails naming every candidate and BP_FUNCTION_NAME", async () => {
    const error = await build(pkg({ candidates: [handler("One"), handler("Three")] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toBe(
      [
        "found 2 test functions in example.com/app; which one should be served?",
        "  fn.go:3: func One()",
        "  fn.go:5: func Three()",
        "  at example.com/app",
        "  fix: set the build-time variable BP_FUNCTION_NAME to one of: One, Three (e.g. pack build --env BP_FUNCTION_NAME=One)",
      ].join("\n"),
    );
  });

  it.each<[string, Partial<AnalyzedPackage>, string]>([
    ["a name that is not a Go identifier", { candidates: [handler("Handle(); os.Exit(1)")] }, 'function name "Handle(); os.Exit(1)" is not a Go identifier'],
    ["a newline in the name", { candidates: [handler("Handle\n")] }, 'function name "Handle\\n" is not a Go identifier'],
    ["an unknown shape", { candidates: [handler("Handle", "other")] }, 'unknown test function shape "other"'],
    ["an invalid module path", { modulePath: 'example.com/a"b', importPath: 'example.com/a"b' }, "module path"],
    ["a package outside the module", { importPath: "example.org/elsewhere" }, 'package "example.org/elsewhere" is not in module "example.com/app"'],
    ["a package dir Go cannot import", { importPath: "example.com/app/my fn" }, 'character " " is not allowed in an import path'],
  ])("re-checks the plan before writing Go source: %s is an internal error", async (_, overrides, problem) => {
    const error = await build(pkg(overrides)).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^the test-function plan entry is not one detect wrote: /);
    expect((error as Error).message).toContain(problem);
  });

  // Root writes anywhere, and CI runs as root, so the file-system errors are made by hand here.
  it.each([
    ["EACCES", "permission denied (EACCES)"],
    ["EROFS", "the file system is read-only (EROFS)"],
    ["ENOSPC", "the disk is full (ENOSPC)"],
  ])("a generated file that cannot be written (%s) is a UserError saying what the build user needs", (code, why) => {
    const error = cannotWrite(Object.assign(new Error(`${code}: open`), { code }), "/workspace");
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toMatch(
      new RegExp(`^cannot write the generated server into the app: ${why.replace(/[()]/g, "\\$&")}\n  at /workspace\n  fix: the build's copy of the app must be writable by the build user`),
    );
    const other = new Error("boom");
    expect(cannotWrite(other, "/workspace")).toBe(other);
  });

  it("a plan lists at most MAX_PLANNED_CANDIDATES candidates; the error counts them all", async () => {
    const many = Array.from({ length: MAX_PLANNED_CANDIDATES + 50 }, (_, i) => handler(`H${i}`));
    const { result } = await detect(pkg({ candidates: many }));
    expect(plannedNames(result)).toHaveLength(MAX_PLANNED_CANDIDATES);
    const error = (await build(pkg({ candidates: many })).catch((e: unknown) => e)) as UserError;
    expect(error.message).toMatch(new RegExp(`^found ${MAX_PLANNED_CANDIDATES + 50} test functions in example.com/app;`));
    expect(error.message).toMatch(/\n {2}… and 50 more$/);
  });

});

describe("candidate selection (the signature's hook)", () => {
  // A signature whose functions are parts of one server, as MCP tools are.
  const tools: FunctionSignature = {
    ...signature,
    selection: EVERY_FUNCTION,
    generate: (chosen) => ({
      files: [{ path: "fnpacks-generated/server/main.go", content: chosen.map((c) => `// ${c.target.name} ${c.shape}\n`).join("") }],
      buildTarget: "./fnpacks-generated/server",
    }),
  };
  const detectWith = (sig: FunctionSignature, analysis: Analysis, env: NodeJS.ProcessEnv = {}) =>
    createDetect(sig, async () => analysis)(context(env));

  it("ONE_FUNCTION takes one exported identifier; EVERY_FUNCTION a comma-separated list", () => {
    expect(ONE_FUNCTION.parseNames("Handle")).toEqual(["Handle"]);
    expect(() => ONE_FUNCTION.parseNames("handle")).toThrow(/BP_FUNCTION_NAME="handle" is not an exported Go identifier/);
    expect(() => ONE_FUNCTION.parseNames("A,B")).toThrow(UserError);
    expect(EVERY_FUNCTION.parseNames(" A , B,A")).toEqual(["A", "B"]);
    expect(() => EVERY_FUNCTION.parseNames("A,,B")).toThrow(/is not a comma-separated list of exported Go identifiers/);
  });

  it("detect fails (exit 100, not an error that ends the lifecycle's detection) on a name the signature cannot mean, with the fix", async () => {
    expect(await detectWith(signature, pkg(), { BP_FUNCTION_NAME: "handle" })).toEqual({
      pass: false,
      reason: 'BP_FUNCTION_NAME="handle" is not an exported Go identifier\n  fix: set BP_FUNCTION_NAME to the name of an exported function or variable, e.g. Handler',
    });
  });

  it("detect fails (not errors) on a BP_FUNCTION_DIR outside the app, before reading anything", async () => {
    const read: unknown[] = [];
    const result = await createDetect(signature, async (request) => {
      read.push(request);
      return pkg();
    })(context({ BP_FUNCTION_DIR: "../elsewhere" }));
    expect(result).toEqual({ pass: false, reason: expect.stringMatching(/^BP_FUNCTION_DIR="..\/elsewhere" is not a package directory of the app: .*outside the app dir\n {2}fix: set BP_FUNCTION_DIR to /) });
    expect(read).toEqual([]);
  });

  it("serving all: every candidate is planned and generated; BP_FUNCTION_NAME picks a subset, and names one that is missing", async () => {
    const analysis = pkg({ candidates: [handler("Forecast"), handler("Alerts"), handler("Radar")] });
    const all = await detectWith(tools, analysis);
    expect(plannedNames(all)).toEqual(["Forecast", "Alerts", "Radar"]);
    const subset = await detectWith(tools, analysis, { BP_FUNCTION_NAME: "Radar,Forecast" });
    expect(plannedNames(subset)).toEqual(["Forecast", "Radar"]);
    expect(await detectWith(tools, analysis, { BP_FUNCTION_NAME: "Forecast,Snow" })).toEqual({
      pass: false,
      // The names there are, on the line after the reason (closest: none is near "Snow").
      reason: "no test function named Snow (BP_FUNCTION_NAME) in example.com/app\n  its test functions: Forecast, Alerts, Radar",
    });
    expect(await detectWith(tools, analysis, { BP_FUNCTION_NAME: "Forcast" })).toEqual({
      pass: false,
      reason: "no test function named Forcast (BP_FUNCTION_NAME) in example.com/app\n  its test functions: Forecast, Alerts, Radar; closest to Forcast: Forecast",
    });

    const entry = all.pass ? all.plan?.requires?.[0] : undefined;
    const result = await createBuild(tools)({
      ...context(),
      layers: new Layers(join(dir, "layers")),
      plan: [{ name: entry?.name ?? "", metadata: entry?.metadata ?? {} }],
    });
    expect(result.layers).toHaveLength(1);
    expect(await readFile(join(dir, "app", "fnpacks-generated", "server", "main.go"), "utf8")).toBe("// Forecast plain\n// Alerts plain\n// Radar plain\n");
    expect(output).toContain("Wrapping the test functions Forecast, Alerts, Radar of example.com/app");
  });
});

describe("readFunctionConfig", () => {
  it("defaults to the module root and any name", () => {
    expect(readFunctionConfig({})).toEqual({ packageDir: "." });
    expect(readFunctionConfig({ BP_FUNCTION_NAME: " Handle ", BP_FUNCTION_DIR: "a/b/../c" })).toEqual({ name: "Handle", packageDir: "a/c" });
  });

  it.each([
    [{ BP_FUNCTION_DIR: "/abs" }, /BP_FUNCTION_DIR="\/abs" is not a package directory of the app: .*must be relative/],
    [{ BP_FUNCTION_DIR: "x/../../y" }, /BP_FUNCTION_DIR="x\/..\/..\/y" is not a package directory of the app: .*outside the app dir/],
    [{ BP_FUNCTION_DIR: "vendor/example.com/fn" }, /is not a package directory of the app: .*inside vendor\//],
  ])("rejects %p", (env, message) => {
    expect(() => readFunctionConfig(env)).toThrow(message);
  });
});
