import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuildContext, type DetectContext, type DetectResult, Layers } from "@fnpacks/cnb";
import { fakeDetectContext } from "@fnpacks/cnb/testing";
import type { FunctionTarget } from "@fnpacks/go-codegen";
import type { FuncSpec } from "@fnpacks/go-detect";
import {
  type Analysis,
  type AnalyzedPackage,
  createBuild,
  createDetect,
  type FunctionSignature,
  generateOne,
  goDetectAnalyzer,
  type PlannedCandidate,
  type RefusedRegistration,
  type RegistrationFramework,
  readPlanMetadata,
} from "../src";
import type { GoRunner } from "../src/module-graph";

// Functions registered in init(): the shared flow with a framework of its own (so these tests
// hold whatever the Functions Framework's data says). The analyzer tests run go-detect on real
// source; the detect and build tests inject the analysis.
const FRAMEWORK_PKG = "example.com/fw/register";
const framework: RegistrationFramework = {
  name: "the test framework",
  calls: [
    { importPath: FRAMEWORK_PKG, name: "Plain", registers: "a plain function" },
    { importPath: FRAMEWORK_PKG, name: "Other", registers: "another kind of function" },
    { importPath: FRAMEWORK_PKG, name: "Reflect", registers: "a reflected function", refused: "Reflect's functions are called by reflection" },
    { importPath: `${FRAMEWORK_PKG}/legacy`, name: "Register*", registers: "a function by path", refused: "legacy registers by path" },
  ],
};
const plain: FuncSpec & { id: string } = { kind: "func", id: "plain", params: [{ importPath: "context", name: "Context" }], results: [] };
const erring: FuncSpec & { id: string } = { kind: "func", id: "erring", params: [], results: [{ importPath: "", name: "error" }] };
const generated: FunctionTarget[] = [];
const signature: FunctionSignature = {
  planName: "test-function",
  kind: "test function",
  specs: [plain, erring],
  registrations: [{ framework, importPath: FRAMEWORK_PKG, name: "Plain", shapes: ["plain"] }],
  generate: generateOne((target) => {
    generated.push(target);
    return { files: [{ path: "fnpacks-generated/server/main.go", content: "package main\n" }], buildTarget: "./fnpacks-generated/server" };
  }),
};

let dir: string;
let output: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "go-function-registered-"));
  output = "";
  generated.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const context = (env: NodeJS.ProcessEnv = {}, appDir = join(dir, "app")): DetectContext =>
  fakeDetectContext({ appDir, target: { os: "linux", arch: "amd64" }, env, write: (text) => (output += text) });

describe("the analyzer: registrations read from real source", () => {
  const analyze = goDetectAnalyzer();

  async function analyzed(files: Record<string, string>, packageDir = "."): Promise<AnalyzedPackage> {
    const app = join(dir, "app");
    await mkdir(join(app, packageDir), { recursive: true });
    await writeFile(join(app, "go.mod"), "module example.com/app\n\ngo 1.25\n\nrequire example.com/fw v1.0.0\n");
    for (const [name, source] of Object.entries(files)) await writeFile(join(app, packageDir, name), source);
    const analysis = await analyze({
      appDir: app,
      packageDir,
      goarch: "amd64",
      specs: signature.specs,
      equivalences: [],
      importFacts: {},
      requiredModules: [],
      registrations: signature.registrations ?? [],
      kind: signature.kind,
      debug: () => {},
    });
    if (analysis.kind !== "package") throw new Error(analysis.reason);
    return analysis.pkg;
  }

  const registering = (body: string, more = "") =>
    `package fn\n\nimport (\n\t"context"\n\n\t"example.com/fw/register"\n\t"example.com/fw/register/legacy"\n\t"example.com/other"\n)\n\nvar _ = legacy.X\nvar _ = other.X\n\nfunc init() {\n${body}\n}\n\nfunc serve(ctx context.Context) {}\n\n// Exported beside it.\nfunc Serve(ctx context.Context) {}\n${more}`;
  const reasons = (pkg: AnalyzedPackage) => (pkg.refusedRegistrations ?? []).map((r) => [r.call, r.reason]);

  it("a registered unexported func is a candidate under its registered name; exported funcs stay candidates of their own", async () => {
    const pkg = await analyzed({ "fn.go": registering('\tregister.Plain("hello world", serve)') });
    expect(pkg.candidates).toEqual([
      {
        name: "hello world",
        shape: "plain",
        position: "fn.go:18",
        signature: "func serve(context.Context)",
        registered: { func: "serve", call: "register.Plain", at: "fn.go:15" },
      },
      { name: "Serve", shape: "plain", position: "fn.go:21", signature: "func Serve(context.Context)" },
    ]);
    expect(pkg.refusedRegistrations).toBeUndefined();
  });

  it("positions are from the module root in a nested package", async () => {
    const pkg = await analyzed({ "fn.go": registering('\tregister.Plain("Hello", serve)') }, "functions/hello");
    expect(pkg.candidates[0]).toMatchObject({ position: "functions/hello/fn.go:18", registered: { at: "functions/hello/fn.go:15" } });
  });

  it("refuses, with why, every registration of the framework it cannot serve; other packages' calls are no registrations", async () => {
    const pkg = await analyzed({
      "fn.go": registering(
        [
          '\tregister.Plain("Wrong", failing)',
          "\tregister.Plain(name, serve)",
          '\tregister.Plain("", serve)',
          '\tregister.Plain("Few")',
          '\tregister.Plain("Var", handler)',
          '\tregister.Plain("Qualified", other.Serve)',
          '\tregister.Plain("Call", wrap(serve))',
          '\tregister.Other("Else", serve)',
          '\tregister.Reflect("Reflected", serve)',
          '\tlegacy.RegisterFunc("/", serve)',
          '\tother.Plain("NotTheFramework", serve)',
          '\tregister.Unknown("NotARegistration", serve)',
          '\tregister.Plain("Twice", serve)',
          '\tregister.Plain("Twice", Serve)',
        ].join("\n"),
        'const name = "N"\n\nvar handler = serve\n\nfunc failing() error { return nil }\n\nfunc wrap(f func(context.Context)) func(context.Context) { return f }\n',
      ),
    });
    expect(pkg.candidates.filter((c) => c.registered).map((c) => c.name)).toEqual(["Twice"]);
    expect(reasons(pkg)).toEqual([
      ['register.Plain("Wrong", failing)', "func failing() error is not of the type register.Plain takes"],
      ["register.Plain(name, serve)", expect.stringMatching(/^the name name is not a string literal: fnpacks reads the name from the source without running it/)],
      ['register.Plain("", serve)', "the registered name is empty: the test framework needs one to serve the function"],
      ['register.Plain("Few")', "register.Plain takes a name and a function; this call has 1 arguments"],
      ['register.Plain("Var", handler)', expect.stringMatching(/^handler is not a top-level func of the package \(a variable, a constant or a local\?\)/)],
      ['register.Plain("Qualified", other.Serve)', expect.stringMatching(/^other\.Serve is a function of another package \(example\.com\/other\)/)],
      ['register.Plain("Call", wrap(serve))', expect.stringMatching(/^wrap\(serve\) is not the name of a top-level func/)],
      ['register.Other("Else", serve)', "it registers another kind of function; this buildpack serves test functions"],
      ['register.Reflect("Reflected", serve)', "Reflect's functions are called by reflection"],
      ['legacy.RegisterFunc("/", serve)', "legacy registers by path"],
      ['register.Plain("Twice", Serve)', 'the name "Twice" is registered already at fn.go:27: the test framework stops the program at start-up (log.Fatalf)'],
    ]);
  });

  it("refuses a dot import of the framework: its calls cannot be read", async () => {
    const pkg = await analyzed({
      "fn.go": 'package fn\n\nimport (\n\t"context"\n\n\t. "example.com/fw/register"\n)\n\nfunc init() { Plain("Hello", serve) }\n\nfunc serve(ctx context.Context) {}\n',
    });
    expect(pkg.refusedRegistrations).toEqual([
      {
        position: "fn.go:6",
        call: 'import . "example.com/fw/register"',
        reason: 'registrations through a dot import are not read; import it by name and write e.g. register.HTTP("HelloHTTP", helloHTTP)',
      },
    ]);
  });

  it("a package without registrations is read as before: unexported funcs are no candidates", async () => {
    const pkg = await analyzed({ "fn.go": 'package fn\n\nimport "context"\n\nfunc serve(ctx context.Context) {}\n\nfunc Serve(ctx context.Context) {}\n' });
    expect(pkg.candidates.map((c) => c.name)).toEqual(["Serve"]);
    expect(pkg.refusedRegistrations).toBeUndefined();
  });
});

describe("detect and build with an injected analysis", () => {
  const exported = (name: string): PlannedCandidate => ({ name, shape: "plain", position: `fn.go:${name.length}`, signature: `func ${name}(context.Context)` });
  const registered = (name: string, func: string): PlannedCandidate => ({
    ...exported(func),
    name,
    registered: { func, call: "register.Plain", at: "fn.go:3" },
  });
  const refusal: RefusedRegistration = { position: "fn.go:4", call: 'register.Reflect("R", r)', name: "R", reason: "Reflect's functions are called by reflection" };
  const analysis = (candidates: PlannedCandidate[], refused?: RefusedRegistration[]): Analysis => ({
    kind: "package",
    pkg: {
      modulePath: "example.com/app",
      importPath: "example.com/app",
      isMain: false,
      requiredModules: [],
      imports: [],
      candidates,
      ...(refused ? { refusedRegistrations: refused } : {}),
    },
  });
  const detect = (a: Analysis, env: NodeJS.ProcessEnv = {}) => createDetect(signature, async () => a)(context(env));
  const planned = (result: DetectResult) =>
    ((result.pass ? result.plan?.requires?.[0]?.metadata?.candidates : undefined) as PlannedCandidate[] | undefined)?.map((c) => c.name);

  it("a registering package plans its registered functions only", async () => {
    expect(planned(await detect(analysis([registered("hello-world", "serve"), exported("Serve"), exported("Other")])))).toEqual(["hello-world"]);
  });

  it("a package whose registrations are all refused fails, saying why, rather than serving its exported funcs", async () => {
    expect(await detect(analysis([exported("Serve")], [refusal]))).toEqual({
      pass: false,
      reason:
        "no test function in example.com/app: it registers functions in init(), and this one cannot be served: register.Reflect(\"R\", r) at fn.go:4: Reflect's functions are called by reflection",
    });
  });

  it("serves what it can when some registrations are refused", async () => {
    expect(planned(await detect(analysis([registered("Hello", "serve"), exported("Serve")], [refusal])))).toEqual(["Hello"]);
  });

  it.each<[string, NodeJS.ProcessEnv, string[]]>([
    ["the registered name, any string", { BP_FUNCTION_NAME: "hello-world" }, ["hello-world"]],
    ["the registered func's name", { BP_FUNCTION_NAME: "serve" }, ["hello-world"]],
    ["an exported func beside the registrations", { BP_FUNCTION_NAME: "Other" }, ["Other"]],
    ["a name registered for an exported func of that name: one candidate", { BP_FUNCTION_NAME: "Serve" }, ["Serve"]],
    ["GOOGLE_FUNCTION_TARGET, when BP_FUNCTION_NAME is not set", { GOOGLE_FUNCTION_TARGET: "hello-world" }, ["hello-world"]],
    ["BP_FUNCTION_NAME over GOOGLE_FUNCTION_TARGET", { BP_FUNCTION_NAME: "Other", GOOGLE_FUNCTION_TARGET: "hello-world" }, ["Other"]],
  ])("BP_FUNCTION_NAME: %s", async (_case, env, names) => {
    const candidates = [registered("hello-world", "serve"), registered("Serve", "Serve"), exported("Serve"), exported("Other")];
    expect(planned(await detect(analysis(candidates), env))).toEqual(names);
  });

  it("a name that is neither registered nor a candidate says what is registered, and what was refused under it", async () => {
    const a = analysis([registered("hello-world", "serve")], [refusal]);
    expect(await detect(a, { GOOGLE_FUNCTION_TARGET: "Missing" })).toEqual({
      pass: false,
      reason: 'no test function named Missing (GOOGLE_FUNCTION_TARGET) in example.com/app: it registers the test functions "hello-world"',
    });
    expect(await detect(a, { BP_FUNCTION_NAME: "R" })).toMatchObject({
      reason: expect.stringContaining("no test function named R (BP_FUNCTION_NAME) in example.com/app: it registers functions in init(), and this one cannot be served: register.Reflect"),
    });
  });

  it("build hands the generator the func to call and the name it is registered under, and logs both", async () => {
    const result = await detect(analysis([registered("hello-world", "serve")]));
    const entry = result.pass ? result.plan?.requires?.[0] : undefined;
    expect(readPlanMetadata({ name: "test-function", metadata: entry?.metadata ?? {} }).candidates).toEqual([registered("hello-world", "serve")]);
    const go: GoRunner = async () => ({ code: 0, stdout: "", stderr: "" });
    const buildContext: BuildContext = { ...context(), layers: new Layers(join(dir, "layers")), plan: [{ name: "test-function", metadata: entry?.metadata ?? {} }] };
    await createBuild(signature, go)(buildContext);
    expect(generated).toEqual([
      { modulePath: "example.com/app", importPath: "example.com/app", name: "serve", position: "fn.go:5", registered: { name: "hello-world", call: "register.Plain" } },
    ]);
    expect(output).toContain("Wrapping the test function hello-world of example.com/app");
    expect(output).toContain("registered by register.Plain at fn.go:3; unexported, so the server reaches serve through //go:linkname");
    expect(await readFile(join(dir, "app", "fnpacks-generated", "server", "main.go"), "utf8")).toBe("package main\n");
  });

  it("build refuses a plan naming an unexported func it was not registered under (detect never writes one)", async () => {
    const metadata = { module: "example.com/app", package: "example.com/app", "package-dir": ".", candidates: [{ ...exported("serve") }] };
    const buildContext: BuildContext = { ...context(), layers: new Layers(join(dir, "layers")), plan: [{ name: "test-function", metadata }] };
    await expect(createBuild(signature)(buildContext)).rejects.toThrow(/the test-function plan entry is not one detect wrote: function name "serve" is not exported/);
  });
});
