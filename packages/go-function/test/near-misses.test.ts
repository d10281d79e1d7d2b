import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DetectResult } from "@fnpacks/cnb";
import { fakeDetectContext } from "@fnpacks/cnb/testing";
import { analyzeFunctionPackage, createGoParser, type GoParser, type SignatureSpec, type TypePattern } from "@fnpacks/go-detect";
import {
  acceptedShapes,
  closestName,
  createDetect,
  describeShape,
  FUNCTIONS_FRAMEWORK,
  FUNCTIONS_FRAMEWORK_FUNCTIONS,
  type FunctionSignature,
  formatNearMiss,
  goDetectAnalyzer,
  methodNearMisses,
  type ShapeFacts,
  signatureSpecs,
  typeNearMisses,
  unexportedNearMisses,
  type Vetted,
  withArticle,
  wrongTypes,
} from "../src";

// Near misses from real Go read by go-detect, against a signature shaped like the HTTP one
// (net/http's types, an instanced form, a Functions Framework registration), with the real
// analyzer: what a signature's detect says on its second line, and what the explainer lists.
const responseWriter: TypePattern = { importPath: "net/http", name: "ResponseWriter" };
const request: TypePattern = { importPath: "net/http", name: "Request", pointer: true };
const ctx: TypePattern = { importPath: "context", name: "Context" };
const specs = [
  { kind: "func", id: "handler", params: [responseWriter, request], results: [] },
  { kind: "func", id: "context-handler", params: [ctx, responseWriter, request], results: [] },
  { kind: "func", id: "refused-whatever", params: [ctx, request], results: [] },
  { kind: "func", id: "bare", params: [ctx], results: [{ importPath: "", name: "error" }] },
] as Array<SignatureSpec & { id: string }>;
const signature: FunctionSignature = {
  planName: "test-http",
  kind: "HTTP function",
  specs,
  instanceHandles: [specs[0] as SignatureSpec & { kind: "func"; id: string }],
  registrations: [{ framework: FUNCTIONS_FRAMEWORK, importPath: FUNCTIONS_FRAMEWORK_FUNCTIONS, name: "HTTP", shapes: ["handler"] }],
  // A near-miss spec, matched only to say why: vet refuses it whatever the function.
  vet: (match): Vetted => (match.specId === "refused-whatever" ? { refused: "takes no ResponseWriter" } : {}),
  generate: () => ({ files: [], buildTarget: "." }),
};
const facts: ShapeFacts = { ...signature, specs: signatureSpecs(signature) };

let parser: GoParser;
let dir: string;
beforeAll(async () => {
  parser = await createGoParser();
});
afterAll(() => parser.delete());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "go-function-near-"));
  await writeFile(join(dir, "go.mod"), "module example.com/hello\n\ngo 1.25\n");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function loaded(files: Record<string, string>) {
  for (const [name, source] of Object.entries(files)) {
    await mkdir(join(dir, name, ".."), { recursive: true });
    await writeFile(join(dir, name), source);
  }
  const analysis = await analyzeFunctionPackage({ appDir: dir, goarch: "amd64", parser, methodsAndTypes: true, unexportedFuncs: true });
  if (analysis.kind !== "package") throw new Error(analysis.reason);
  return analysis;
}

/** The signature without vet: detect then reads methods only where a file declares New, as the HTTP signature's does. */
const { vet: _vet, ...unvetted } = signature;

async function detect(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<DetectResult> {
  await loaded(files);
  return createDetect(unvetted, goDetectAnalyzer())(fakeDetectContext({ appDir: dir, target: { os: "linux", arch: "amd64" }, env }));
}

const HTTP = 'import "net/http"\n\n';

it("the accepted shapes: func specs but those vet refuses whatever the function, then the instance's Handle", () => {
  expect(acceptedShapes(facts).map((a) => `${a.method ?? "func"} ${describeShape(a.shape)}`)).toEqual([
    "func func(http.ResponseWriter, *http.Request)",
    "func func(context.Context, http.ResponseWriter, *http.Request)",
    "func func(context.Context) error",
    "Handle func(http.ResponseWriter, *http.Request)",
  ]);
  expect([withArticle("HTTP function"), withArticle("CloudEvents function"), withArticle("MCP tool"), withArticle("event")]).toEqual([
    "an HTTP function",
    "a CloudEvents function",
    "an MCP tool",
    "an event",
  ]);
});

it("an unexported func of a specific shape, with the export and the registration that would serve it; one of context and error only is none", async () => {
  const analysis = await loaded({
    "hello.go": `package hello\n\n${HTTP}import "context"\n\nfunc helloGet(w http.ResponseWriter, r *http.Request) {}\n\nfunc cleanup(ctx context.Context) error { return nil }\n`,
  });
  expect(unexportedNearMisses(analysis.pkg.unexportedFuncs ?? [], ".", facts).map(formatNearMiss)).toEqual([
    'helloGet (hello.go:7) has the shape of an HTTP function, func(http.ResponseWriter, *http.Request), but is not exported; export it: rename it HelloGet (or register it in init() with functions.HTTP("HelloGet", helloGet))',
  ]);
});

it("a method of an accepted shape: Handle suggests New (the instanced form), another name a top-level func", async () => {
  const analysis = await loaded({
    "fn.go": `package fn\n\n${HTTP}type MyFunction struct{}\n\nfunc (f *MyFunction) Handle(w http.ResponseWriter, r *http.Request) {}\n\nfunc (f MyFunction) Serve(w http.ResponseWriter, r *http.Request) {}\n`,
  });
  expect(methodNearMisses(analysis.pkg.methods, ".", facts).map(formatNearMiss)).toEqual([
    "Handle (fn.go:7) is a method of *MyFunction (an HTTP function's shape), not a top-level func; add func New() *MyFunction: fnpacks then serves an instance's Handle (Knative Functions' instanced form)",
    "Serve (fn.go:9) is a method of MyFunction (an HTTP function's shape), not a top-level func; declare a top-level func of that shape that calls it, or name it Handle and add func New() MyFunction",
  ]);
});

it("wrong types: which parameter or result, and the shape; a different count names the nearest shape; unrelated funcs are none", async () => {
  const analysis = await loaded({
    "fn.go": `package fn\n\n${HTTP}func ByValue(w http.ResponseWriter, r http.Request) {}\n\nfunc Errs(w http.ResponseWriter, r *http.Request) error { return nil }\n\nfunc Add(a, b int) int { return a + b }\n`,
  });
  expect(typeNearMisses(analysis.pkg.funcs, ".", facts).map(formatNearMiss)).toEqual([
    "ByValue (fn.go:5) its second parameter is http.Request, not *http.Request: an HTTP function is func(http.ResponseWriter, *http.Request); make its second parameter *http.Request",
    "Errs (fn.go:7) takes 2 parameters and returns 1 result, where an HTTP function is func(http.ResponseWriter, *http.Request); give it the shape func(http.ResponseWriter, *http.Request)",
  ]);
  expect(wrongTypes({ params: [], results: [] }, facts)).toBeUndefined();
});

describe("a signature's detect: the reason, then the nearest miss on a line of its own", () => {
  it("names the nearest miss with its fix", async () => {
    const result = await detect({ "fn.go": `package fn\n\n${HTTP}func Handle(w http.ResponseWriter, r http.Request) {}\n\nfunc helper() {}\n` });
    expect(result).toEqual({
      pass: false,
      reason:
        "no HTTP function in example.com/hello\n  nearest miss: Handle (fn.go:5) its second parameter is http.Request, not *http.Request: an HTTP function is func(http.ResponseWriter, *http.Request); make its second parameter *http.Request",
    });
  });

  it("names what it set aside without reading its shape (detect reads no more for speed), exported first", async () => {
    const result = await detect({
      "fn.go": `package fn\n\n${HTTP}type T struct{}\n\nfunc helloGet(w http.ResponseWriter, r *http.Request) {}\n\nfunc (t *T) Handle(w http.ResponseWriter, r *http.Request) {}\n\nfunc helper() {}\n`,
    });
    expect(result).toEqual({
      pass: false,
      reason: "no HTTP function in example.com/hello\n  not candidates: Handle (fn.go:9) is a method, not a top-level func, helloGet (fn.go:7) is not exported, and 1 more",
    });
  });

  it("where a file declares New, methods are read: the nearest is the method of the shape", async () => {
    const result = await detect({
      "fn.go": `package fn\n\n${HTTP}type T struct{}\n\nfunc New() int { return 0 }\n\nfunc (t *T) Handle(w http.ResponseWriter, r *http.Request) {}\n`,
    });
    expect(result).toEqual({
      pass: false,
      reason:
        "no HTTP function in example.com/hello\n  nearest miss: Handle (fn.go:9) is a method of *T (an HTTP function's shape), not a top-level func; add func New() *T: fnpacks then serves an instance's Handle (Knative Functions' instanced form)",
    });
  });

  it("package main without func main says so, with the fix; with func main it is an application", async () => {
    expect(await detect({ "fn.go": `package main\n\n${HTTP}func Handle(w http.ResponseWriter, r *http.Request) {}\n` })).toEqual({
      pass: false,
      reason:
        "example.com/hello is package main without func main: neither a program go build can make nor a package fnpacks serves functions of; rename the package to serve a function in it",
    });
    await writeFile(join(dir, "main.go"), "package main\n\nfunc main() {}\n");
    expect(await detect({})).toEqual({ pass: false, reason: "example.com/hello is package main: an application, not a function" });
  });

  it("BP_FUNCTION_NAME that matches nothing: the names there are, and the closest", async () => {
    const result = await detect({ "fn.go": `package fn\n\n${HTTP}func Handle(w http.ResponseWriter, r *http.Request) {}\n` }, { BP_FUNCTION_NAME: "Hanlde" });
    expect(result).toEqual({ pass: false, reason: "no HTTP function named Hanlde (BP_FUNCTION_NAME) in example.com/hello\n  its HTTP functions: Handle; closest to Hanlde: Handle" });
  });
});

it("closestName: case aside first, then edit distance, none when nothing is near", () => {
  expect(closestName("handle", ["Handler", "Handle"])).toBe("Handle");
  expect(closestName("Hanlde", ["Handle", "Other"])).toBe("Handle");
  expect(closestName("Snow", ["Forecast", "Radar"])).toBeUndefined();
});
