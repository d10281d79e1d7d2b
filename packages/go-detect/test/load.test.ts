import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { defaultGoVersion, NEWEST_GO_VERSION } from "../src/analyze";
import { AnalysisBudget, BudgetExceeded } from "../src/budget";
import {
  analyzeFunctionPackage,
  type GoBuildContext,
  GoDetectError,
  GoModError,
  type GoParser,
  matchCandidates,
  normalizePackageDir,
} from "../src";
import { DEFAULT_MAX_FILE_BYTES, loadPackage } from "../src/load";
import { MAX_NESTING, nestingDepth, readFileSyntax } from "../src/syntax";
import { describeFsError } from "../src";
import { cloudEventsEquivalences, cloudEventsFacts, cloudEventsSpecs, httpSpecs } from "./specs";
import { useParserAndTempDir } from "./packages";

const context: GoBuildContext = { goos: "linux", goarch: "amd64", goVersion: "1.22" };
const HANDLER = 'package fn\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {}\n';

let parser: GoParser;
let dir: string;
useParserAndTempDir("go-detect-load-", (p, d) => {
  parser = p;
  dir = d;
});

const write = (name: string, content: string | Buffer) => writeFileSync(join(dir, name), content);
const load = (extra: { maxFileBytes?: number } = {}) => loadPackage({ dir, context, parser, ...extra });
const reasons = (pkg: Awaited<ReturnType<typeof load>>) => Object.fromEntries(pkg.skipped.map((s) => [s.name, s.reason]));

describe("bad files are skipped with a reason, never thrown", () => {
  test("symlink loop, broken symlink, a dir named .go", async () => {
    write("fn.go", HANDLER);
    symlinkSync(join(dir, "loop_b.go"), join(dir, "loop_a.go"));
    symlinkSync(join(dir, "loop_a.go"), join(dir, "loop_b.go"));
    symlinkSync(join(dir, "missing.go.target"), join(dir, "dangling.go"));
    mkdirSync(join(dir, "pkg.go"));
    const debug: string[] = [];
    const pkg = await loadPackage({ dir, context, parser, debug: (m) => debug.push(m) });
    expect(reasons(pkg)).toEqual({
      "dangling.go": "a broken symlink",
      "loop_a.go": "a symlink loop",
      "loop_b.go": "a symlink loop",
      "pkg.go": "a directory, not a file",
    });
    expect(pkg.funcs.map((f) => f.name)).toEqual(["Handler"]);
    expect(debug).toContain("skipping loop_a.go: a symlink loop");
  });

  test("a symlink to a good file is read", async () => {
    mkdirSync(join(dir, "elsewhere"));
    writeFileSync(join(dir, "elsewhere", "real.go"), HANDLER);
    symlinkSync(join(dir, "elsewhere", "real.go"), join(dir, "link.go"));
    expect((await load()).funcs.map((f) => [f.name, f.file])).toEqual([["Handler", "link.go"]]);
  });

  test("binary, non-UTF-8 and huge files", async () => {
    write("fn.go", HANDLER);
    write("binary.go", Buffer.from([0x70, 0x61, 0x63, 0x6b, 0x00, 0xff]));
    write("latin1.go", Buffer.from("package fn\n// caf\xe9\n", "latin1"));
    write("huge.go", `package fn\n${"// padding\n".repeat(200)}`);
    expect(reasons(await load({ maxFileBytes: 1024 }))).toEqual({
      "binary.go": "binary (contains NUL bytes)",
      "huge.go": expect.stringMatching(/^too large \(\d+ bytes; detection reads at most 1024\)$/),
      "latin1.go": "not valid UTF-8",
    });
  });

  test("the default size limit skips a file above it without reading it", async () => {
    write("fn.go", HANDLER);
    const fd = openSync(join(dir, "big.go"), "w");
    writeSync(fd, "package fn\n", DEFAULT_MAX_FILE_BYTES + 10);
    closeSync(fd);
    expect(reasons(await load())).toEqual({ "big.go": expect.stringMatching(/^too large/) });
  });

  test("an unreadable file is skipped (permission errors are described)", async () => {
    write("fn.go", HANDLER);
    write("secret.go", HANDLER.replace("Handler", "Secret"));
    chmodSync(join(dir, "secret.go"), 0o000);
    const pkg = await load();
    // root can read it anyway; either way nothing throws and the good file is there.
    expect(pkg.funcs.map((f) => f.name)).toContain("Handler");
    expect(describeFsError(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }))).toBe(
      "not readable (permission denied)",
    );
    expect(describeFsError(new Error("boom"))).toBe("not readable (boom)");
  });

  test("files go build ignores: _x.go, .x.go, package documentation, no package clause, empty", async () => {
    write("fn.go", HANDLER);
    write("_draft.go", HANDLER);
    write(".hidden.go", HANDLER);
    write("doc.go", "package documentation\n");
    write("noclause.go", "func X() {}\n");
    write("empty.go", "");
    write("README.md", "# not go");
    const pkg = await load();
    expect(reasons(pkg)).toEqual({
      ".hidden.go": "names starting with _ or . are ignored by go build",
      "_draft.go": "names starting with _ or . are ignored by go build",
      "doc.go": "package documentation is ignored by go build",
      "empty.go": "no package clause",
      "noclause.go": "no package clause",
    });
    expect(pkg.diagnostics.map((d) => d.message)).toEqual(["empty.go has no package clause", "noclause.go has no package clause"]);
  });

  test("a file name that is not UTF-8 is named as such, not as a broken symlink", async () => {
    write("fn.go", HANDLER);
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from(".go")]), HANDLER);
    expect(reasons(await load())).toEqual({ '"caf\u00e9.go"': "the file name is not valid UTF-8 (go build rejects it too): rename it" });
  });

  test('files importing "C" count only with cgo enabled, as with CGO_ENABLED', async () => {
    write("fn.go", HANDLER);
    write("cgo.go", 'package fn\n\n// #include <stdio.h>\nimport "C"\n\nfunc FromC() {}\n');
    expect(reasons(await load())).toEqual({ "cgo.go": 'imports "C" and cgo is disabled' });
    const withCgo = await loadPackage({ dir, context: { ...context, cgo: true }, parser });
    expect(withCgo.funcs.map((f) => f.name)).toEqual(["FromC", "Handler"]);
  });

  test("a missing dir is a diagnostic", async () => {
    const pkg = await loadPackage({ dir: join(dir, "nope"), context, parser });
    expect(pkg.name).toBeUndefined();
    expect(pkg.diagnostics[0]?.message).toBe(`cannot read ${join(dir, "nope")}: no such directory`);
  });
});

describe("cheap facts first, and a budget for the rest", () => {
  const MAIN = 'package main\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {}\nfunc main() {}\n';
  const throwingParser: GoParser = {
    parse: () => {
      throw new Error("parsed");
    },
    delete: () => {},
  };

  test("package main is known from its package clauses, without a parse, when asked to stop there", async () => {
    write("main.go", MAIN);
    write("helper.go", "package main\n\nfunc Helper() {}\n");
    const pkg = await loadPackage({ dir, context, parser: throwingParser, stopAtPackageMain: true });
    expect(pkg).toMatchObject({ name: "main", funcs: [], skipped: [] });
    expect((await load()).funcs.map((f) => f.name)).toEqual(["Helper", "Handler"]);
  });

  test("a package past the source budget is BudgetExceeded, naming the limit and the fix", async () => {
    write("a.go", HANDLER);
    write("b.go", `package fn\n${"// generated\n".repeat(100)}`);
    const budget = () => new AnalysisBudget({ maxSourceBytes: 1000, maxFiles: 10, maxMillis: 60_000 });
    await expect(loadPackage({ dir, context, parser, budget: budget() })).rejects.toThrow(
      new BudgetExceeded("too large to analyse: the package has Go files of more than 0 MB (from b.go on); move generated data files to another package"),
    );
    // A package main past the budget is still known as one: that verdict needs no parse.
    for (const name of ["a.go", "b.go"]) write(name, readFileSync(join(dir, name), "utf8").replace("package fn", "package main"));
    expect(await loadPackage({ dir, context, parser, budget: budget(), stopAtPackageMain: true })).toMatchObject({ name: "main", funcs: [] });
  });

  test("a package of more files than the budget allows is BudgetExceeded", async () => {
    for (let i = 0; i < 5; i++) write(`f${i}.go`, "package fn\n");
    const budget = new AnalysisBudget({ maxSourceBytes: 1e9, maxFiles: 4, maxMillis: 60_000 });
    await expect(loadPackage({ dir, context, parser, budget })).rejects.toThrow(/^too large to analyse: the package has more than 4 Go files \(from f4\.go on\)/);
  });

  test("a parse past the time budget is cancelled by tree-sitter's progress callback, not waited for", async () => {
    write("fn.go", `${HANDLER}${"var x = []int{1, 2, 3}\n".repeat(20_000)}`);
    let polls = 0;
    // A clock that runs out only once the parse is under way: the cancel comes from inside it.
    const clock = () => (polls++ < 3 ? 0 : 1_000_000);
    const budget = new AnalysisBudget({ maxSourceBytes: 1e9, maxFiles: 10, maxMillis: 1000 }, clock);
    await expect(loadPackage({ dir, context, parser, budget })).rejects.toThrow(/^too large to analyse: reading the package took longer than 1 s \(at fn\.go\)/);
    expect(polls).toBeGreaterThan(3);
  });

  test("analyzeFunctionPackage answers too-large instead of throwing", async () => {
    write("go.mod", "module example.com/fn\n");
    write("fn.go", HANDLER);
    const result = await analyzeFunctionPackage({ appDir: dir, goarch: "amd64", parser, budget: { maxSourceBytes: 10, maxFiles: 10, maxMillis: 60_000 } });
    expect(result).toMatchObject({ kind: "too-large", reason: expect.stringMatching(/^too large to analyse/) });
  });

  test("a module that lacks a required module is answered from go.mod alone", async () => {
    write("go.mod", "module example.com/fn\n");
    write("fn.go", HANDLER);
    const result = await analyzeFunctionPackage({ appDir: dir, goarch: "amd64", parser: throwingParser, requiredModules: ["example.com/sdk"] });
    expect(result).toMatchObject({ kind: "not-a-package", reason: "go.mod does not require example.com/sdk" });
  });

  test("methods and type members are read only when asked (constructor specs need them; others do not)", async () => {
    write("fn.go", `${HANDLER}\ntype F struct{ Base }\n\ntype Base struct{}\n\nfunc (f *F) Handle(w http.ResponseWriter, r *http.Request) {}\n`);
    const lean = await loadPackage({ dir, context, parser, methodsAndTypes: false });
    expect(lean.methods).toEqual([]);
    expect(lean.types.map((t) => [t.name, t.kind, t.embedded])).toEqual([["F", "other", []], ["Base", "other", []]]);
    expect(lean.files[0]?.ignored).toContainEqual(expect.objectContaining({ name: "Handle", reason: "method (has a receiver)" }));
    const full = await load();
    expect(full.methods.map((m) => [m.receiverType, m.pointerReceiver, m.name])).toEqual([["F", true, "Handle"]]);
    expect(full.types.find((t) => t.name === "F")).toMatchObject({ kind: "struct", embedded: [{ type: { name: "Base" } }] });
  });

  test("methods and type members named by constructor: read only where a file declares one of them", async () => {
    write("fn.go", `${HANDLER}\ntype F struct{ Base }\n\ntype Base struct{}\n\nfunc (f *F) Handle(w http.ResponseWriter, r *http.Request) {}\n`);
    expect((await loadPackage({ dir, context, parser, methodsAndTypes: ["New"] })).methods).toEqual([]);
    expect((await loadPackage({ dir, context, parser, methodsAndTypes: [] })).methods).toEqual([]);
    write("new.go", "package fn\n\nfunc New() *F { return &F{} }\n");
    expect((await loadPackage({ dir, context, parser, methodsAndTypes: ["New"] })).methods.map((m) => m.name)).toEqual(["Handle"]);
    // A generic constructor's declaration counts too (matching then says why it is no candidate).
    write("new.go", "package fn\n\nfunc New[T any]() *F { return &F{} }\n");
    expect((await loadPackage({ dir, context, parser, methodsAndTypes: ["New"] })).methods.map((m) => m.name)).toEqual(["Handle"]);
    // Not a declaration of New: a method named New, or New in a comment or another name.
    write("new.go", "package fn\n\nfunc (f *F) New() {}\n\n// func New() *F\nfunc NewF() *F { return &F{} }\n");
    expect((await loadPackage({ dir, context, parser, methodsAndTypes: ["New"] })).methods).toEqual([]);
  });

  test("nesting depth counts brackets outside comments, strings and runes", () => {
    expect(nestingDepth("func f(a map[string]struct{ b [2]int }) {}")).toBe(3);
    expect(nestingDepth('// (((\n/* [[[ */ x := "{{{" + `(((` + \'(\' + "\\"(("')).toBe(0);
    expect(nestingDepth(")))(((")).toBe(3);
    // Never closed: each runs to the end (and ends).
    for (const open of ["/* (((", "` (((", '" (((', "// (((", "' ((("]) expect(nestingDepth(`(${open}`)).toBe(1);
  });

  test("a declaration nested deeper than MAX_NESTING is left unread; the rest of the file is read", async () => {
    write("fn.go", `${HANDLER}\nvar Deep = ${"x(".repeat(MAX_NESTING + 1)}\n\nfunc After(w http.ResponseWriter, r *http.Request) {}\n`);
    const pkg = await loadPackage({ dir, context, parser });
    expect(pkg.funcs.map((f) => f.name)).toEqual(["Handler", "After"]);
    expect(pkg.files[0]?.ignored).toContainEqual({ name: "(declaration)", file: "fn.go", line: 7, reason: `brackets nested over ${MAX_NESTING} deep, not read` });
  });

  test("a file larger than one parse is read declaration by declaration; one oversized declaration is left out", async () => {
    const table = `var Table = []string{\n${'\t"row",\n'.repeat(60)}}\n`;
    write("fn.go", `${HANDLER}\n${table}\nfunc After(w http.ResponseWriter, r *http.Request) {}\n`);
    const pkg = await loadPackage({ dir, context, parser });
    expect(pkg.funcs.map((f) => f.name)).toEqual(["Handler", "After"]);
    const small = readFileSyntax(parser, `${HANDLER}\n${table}\nfunc After(w http.ResponseWriter, r *http.Request) {}\n`, { maxParseBytes: 400 });
    expect(small.funcs.map((f) => f.name)).toEqual(["Handler", "After"]);
    expect(small.ignored).toEqual([{ name: "(declaration)", line: 7, reason: "over 400 bytes, not read" }]);
  });
});

describe("type resolution across the package", () => {
  test("aliases declared in another file, local types, unresolved qualifiers", async () => {
    write("types.go", 'package fn\n\nimport h "net/http"\n\ntype W = h.ResponseWriter\ntype Req = *h.Request\ntype Request struct{}\n');
    write(
      "fn.go",
      [
        "package fn",
        "",
        'import "net/http"',
        "",
        "func ViaAlias(w W, r Req) {}",
        "func Local(w http.ResponseWriter, r *Request) {}",
        "func Unknown(w nethttp.ResponseWriter, r *nethttp.Request) {}",
        "func PointerToPointerAlias(w W, r *Req) {}",
      ].join("\n"),
    );
    const pkg = await load();
    const byName = Object.fromEntries(pkg.funcs.map((f) => [f.name, f.params]));
    expect(byName.ViaAlias).toEqual([
      { importPath: "net/http", name: "ResponseWriter", pointer: false, variadic: false, text: "W" },
      { importPath: "net/http", name: "Request", pointer: true, variadic: false, text: "Req" },
    ]);
    expect(byName.Local?.[1]).toMatchObject({ importPath: "", name: "Request", pointer: true });
    expect(byName.Unknown?.[0]).toMatchObject({ importPath: "", name: "", unresolvedQualifier: "nethttp" });
    expect(byName.PointerToPointerAlias?.[1]).toMatchObject({ name: "" });
    expect(matchCandidates(pkg, httpSpecs).map((c) => c.name)).toEqual(["ViaAlias"]);
  });

  test("several dot imports: the known exports decide", async () => {
    write(
      "fn.go",
      'package fn\n\nimport (\n\t. "context"\n\t. "net/http"\n\t. "example.com/other"\n)\n\nfunc H(ctx Context, w ResponseWriter, r *Request) {}\nfunc U(x Thing) {}\n',
    );
    const pkg = await load();
    expect(pkg.funcs[0]?.params.map((p) => p.importPath)).toEqual(["context", "net/http", "net/http"]);
    expect(pkg.funcs[1]?.params[0]).toMatchObject({ importPath: "", name: "Thing" });
    expect(matchCandidates(pkg, httpSpecs).map((c) => c.specId)).toEqual(["context-handler-func"]);
  });

  test("imports are per file: an alias in one file means nothing in another", async () => {
    write("a.go", 'package fn\n\nimport h "net/http"\n\nvar _ h.Handler\n');
    write("b.go", "package fn\n\nfunc Handler(w h.ResponseWriter, r *h.Request) {}\n");
    expect(matchCandidates(await load(), httpSpecs)).toEqual([]);
  });

  test("cloudevents.Result ≡ protocol.Result ≡ error, but not another error-like type", async () => {
    write(
      "fn.go",
      'package fn\n\nimport (\n\tce "github.com/cloudevents/sdk-go/v2"\n)\n\nfunc A(e ce.Event) error { return nil }\nfunc B(e ce.Event) ce.Result { return nil }\nfunc C(e ce.Event) *error { return nil }\nfunc D(e ce.Event) MyErr { return nil }\n',
    );
    expect(matchCandidates(await load(), cloudEventsSpecs, cloudEventsEquivalences).map((c) => `${c.name} ${c.specId}`)).toEqual([
      "A in(event)-out(result)",
      "B in(event)-out(result)",
    ]);
  });

  test("equivalences are the caller's: without them cloudevents.Event is not event.Event", async () => {
    write("fn.go", 'package fn\n\nimport ce "github.com/cloudevents/sdk-go/v2"\n\nfunc A(e ce.Event) {}\n');
    const pkg = await load();
    const spec = { kind: "func" as const, id: "e", params: [{ importPath: "github.com/cloudevents/sdk-go/v2/event", name: "Event" }], results: [] };
    expect(matchCandidates(pkg, [spec], cloudEventsEquivalences)).toHaveLength(1);
    expect(matchCandidates(pkg, [spec])).toHaveLength(0);
  });

  test("import facts are the caller's: an unaliased import's package name and dot-imported types", async () => {
    write("a.go", 'package fn\n\nimport "github.com/cloudevents/sdk-go/v2"\n\nfunc A(e v2.Event) {}\n');
    write("b.go", 'package fn\n\nimport (\n\t. "github.com/cloudevents/sdk-go/v2/event"\n\t. "example.com/other"\n)\n\nfunc B(e Event) {}\n');
    const withFacts = await loadPackage({ dir, context, parser, importFacts: cloudEventsFacts });
    expect(withFacts.funcs.map((f) => f.params[0]?.importPath)).toEqual(["github.com/cloudevents/sdk-go/v2", "github.com/cloudevents/sdk-go/v2/event"]);
    // Without them the root's default name would be "sdk" and two dot imports leave Event unknown.
    expect((await load()).funcs.map((f) => f.params[0]?.importPath)).toEqual(["", ""]);
  });

  test("a declaration matching several specs is reported once, for the first spec", async () => {
    write("fn.go", 'package fn\n\nimport "net/http"\n\nvar H http.HandlerFunc\n');
    const pkg = await load();
    const specs = [
      { kind: "var" as const, id: "first", types: [{ importPath: "net/http", name: "HandlerFunc" }] },
      { kind: "var" as const, id: "second", types: [{ importPath: "net/http", name: "HandlerFunc" }] },
    ];
    expect(matchCandidates(pkg, specs).map((c) => c.specId)).toEqual(["first"]);
  });
});

describe("analyzeFunctionPackage", () => {
  const app = (files: Record<string, string>) => {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
  };

  test("no go.mod is not a package", async () => {
    app({ "fn.go": HANDLER });
    expect(await analyzeFunctionPackage({ appDir: dir, goarch: "amd64", parser })).toEqual({
      kind: "not-a-package",
      reason: `no go.mod in ${dir}`,
    });
  });

  test("a package dir below the module root: import path and positions include it", async () => {
    app({ "go.mod": "module example.com/app\n\ngo 1.22\n", "cmd/../fn/handler.go": HANDLER });
    const result = await analyzeFunctionPackage({ appDir: dir, packageDir: "./fn/", goarch: "arm64", parser });
    if (result.kind !== "package") throw new Error(result.reason);
    expect(result).toMatchObject({ importPath: "example.com/app/fn", packageDir: "fn", packageName: "fn", isMain: false });
    expect(matchCandidates(result.pkg, httpSpecs).map((c) => [c.file, c.position])).toEqual([["handler.go", "fn/handler.go:5"]]);
  });

  test("a missing package dir is not a package; one outside the app or in vendor/ is an error", async () => {
    app({ "go.mod": "module example.com/app\n" });
    expect(await analyzeFunctionPackage({ appDir: dir, packageDir: "nope", goarch: "amd64", parser })).toMatchObject({
      kind: "not-a-package",
      reason: expect.stringMatching(/nope does not exist/),
    });
    await expect(analyzeFunctionPackage({ appDir: dir, packageDir: "../x", goarch: "amd64", parser })).rejects.toThrow(GoDetectError);
    await expect(analyzeFunctionPackage({ appDir: dir, packageDir: "/abs", goarch: "amd64", parser })).rejects.toThrow(GoDetectError);
    await expect(analyzeFunctionPackage({ appDir: dir, packageDir: "vendor/x", goarch: "amd64", parser })).rejects.toThrow(GoDetectError);
  });

  test.each([
    ["fns/my fn", 'character " " is not allowed in an import path'],
    ["fns/line\nbreak", 'character "\\n" is not allowed in an import path'],
    ["fns/caf\u00e9", 'character "\u00e9" is not allowed in an import path'],
    ["fns/.hidden", '".hidden" starts with a dot'],
  ])("a package dir Go cannot import (%j) is a clear GoDetectError before any code is generated", async (packageDir, problem) => {
    app({ "go.mod": "module example.com/app\n" });
    await expect(analyzeFunctionPackage({ appDir: dir, packageDir, goarch: "amd64", parser })).rejects.toThrow(
      new GoDetectError(`package dir "${packageDir}" cannot be part of a Go import path: ${problem}`),
    );
    expect(normalizePackageDir("fns/v2/a_b-c~d.e+f")).toBe("fns/v2/a_b-c~d.e+f");
  });

  test("an invalid module path throws GoModError", async () => {
    app({ "go.mod": "module example.com/a;b\n", "fn.go": HANDLER });
    await expect(analyzeFunctionPackage({ appDir: dir, goarch: "amd64", parser })).rejects.toThrow(GoModError);
  });

  test("release tags are those of the newest toolchain unless a version is given; extra tags apply", async () => {
    app({
      "go.mod": "module example.com/app\n\ngo 1.21\n",
      "new.go": `//go:build go1.22 && !go1.99\n\n${HANDLER}`,
      "tagged.go": `//go:build functions\n\n${HANDLER.replace("Handler", "Tagged")}`,
    });
    const names = async (options: { goVersion?: string; tags?: string[] }) => {
      const result = await analyzeFunctionPackage({ appDir: dir, goarch: "amd64", parser, ...options });
      if (result.kind !== "package") throw new Error(result.reason);
      return result.pkg.funcs.map((f) => f.name);
    };
    expect(await names({})).toEqual(["Handler"]);
    expect(await names({ goVersion: "1.21" })).toEqual([]);
    expect(await names({ goVersion: "1.22" })).toEqual(["Handler"]);
    expect(await names({ goVersion: "1.22", tags: ["functions"] })).toEqual(["Handler", "Tagged"]);
  });

  test("the default Go version is the newest of go-dist's, the go line and the toolchain line", () => {
    expect(defaultGoVersion({ goVersion: "1.21", toolchain: undefined })).toBe(NEWEST_GO_VERSION);
    expect(defaultGoVersion({ goVersion: "1.99.1", toolchain: undefined })).toBe("1.99.1");
    expect(defaultGoVersion({ goVersion: "1.21", toolchain: "go1.98.0" })).toBe("1.98.0");
  });

  test("unknown GOOS or GOARCH names are an internal error, not a silently empty package", async () => {
    app({ "go.mod": "module example.com/app\n", "fn.go": HANDLER });
    await expect(analyzeFunctionPackage({ appDir: dir, goarch: "x86_64", parser })).rejects.toThrow('unknown GOARCH "x86_64"');
    await expect(analyzeFunctionPackage({ appDir: dir, goarch: "x64", parser })).rejects.toThrow(RangeError);
    await expect(analyzeFunctionPackage({ appDir: dir, goos: "Linux", goarch: "amd64", parser })).rejects.toThrow('unknown GOOS "Linux"');
  });

  test("a dir without Go files is a package with no name and no files", async () => {
    app({ "go.mod": "module example.com/app\n" });
    const result = await analyzeFunctionPackage({ appDir: dir, goarch: "amd64", parser });
    expect(result).toMatchObject({ kind: "package", packageName: undefined, files: [], isMain: false, importPath: "example.com/app" });
  });
});
