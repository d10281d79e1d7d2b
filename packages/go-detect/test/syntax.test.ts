import { defaultPackageName } from "../src/importname";
import { createGoParser, type GoParser } from "../src";
import { readFileSyntax } from "../src/syntax";

let parser: GoParser;
beforeAll(async () => {
  parser = await createGoParser();
});
afterAll(() => parser.delete());

describe("default package names of imports", () => {
  test.each([
    ["net/http", "http"],
    ["context", "context"],
    ["github.com/cloudevents/sdk-go/v2", "sdk"],
    ["github.com/cloudevents/sdk-go/v2/event", "event"],
    ["github.com/go-chi/chi/v5", "chi"],
    ["gopkg.in/yaml.v3", "yaml"],
    ["gopkg.in/check.v1", "check"],
    ["github.com/mattn/go-sqlite3", "sqlite3"],
    ["github.com/aws/aws-lambda-go", "aws"],
    ["k8s.io/api/core/v1", "v1"],
  ])("%s → %s", (path, name) => {
    expect(defaultPackageName(path)).toBe(name);
  });

  test("a signature's own exceptions come first", () => {
    expect(defaultPackageName("github.com/cloudevents/sdk-go/v2", { "github.com/cloudevents/sdk-go/v2": "v2" })).toBe("v2");
  });
});

describe("readFileSyntax", () => {
  test("package clause, imports of every kind, positions", () => {
    const syntax = readFileSyntax(
      parser,
      [
        "// Package p.",
        "package p",
        "",
        'import "fmt"',
        "import (",
        '\th "net/http"',
        '\t. "context"',
        '\t_ "embed"',
        "\t`raw/path`",
        ")",
      ].join("\n"),
    );
    expect(syntax.packageName).toBe("p");
    expect(syntax.packageLine).toBe(2);
    expect(syntax.imports).toEqual([
      { path: "fmt", line: 4 },
      { path: "net/http", alias: "h", line: 6 },
      { path: "context", alias: ".", line: 7 },
      { path: "embed", alias: "_", line: 8 },
      { path: "raw/path", line: 9 },
    ]);
  });

  test("params: grouped names counted individually, variadic, unnamed, composite types", () => {
    const syntax = readFileSyntax(
      parser,
      "package p\nfunc F(a, b int, c *pkg.T, d ...string) (n int, err error) { return }\nfunc G(func(int) error, map[string]int, []byte, **T, (pkg.U), pkg.G[int], *(pkg.P), (*(T))) pkg.R {}\n",
    );
    const [f, g] = syntax.funcs;
    expect(f?.params.map((p) => [p.qualifier, p.name, p.pointer, p.variadic])).toEqual([
      [undefined, "int", false, false],
      [undefined, "int", false, false],
      ["pkg", "T", true, false],
      [undefined, "string", false, true],
    ]);
    expect(f?.results.map((r) => r.name)).toEqual(["int", "error"]);
    expect(g?.params.map((p) => [p.name, p.text])).toEqual([
      ["", "func(int) error"],
      ["", "map[string]int"],
      ["", "[]byte"],
      ["", "**T"],
      ["U", "(pkg.U)"],
      ["", "pkg.G[int]"],
      ["P", "*(pkg.P)"],
      ["T", "(*(T))"],
    ]);
    expect(g?.params.slice(-2).map((p) => p.pointer)).toEqual([true, true]);
    expect(g?.results).toEqual([{ qualifier: "pkg", name: "R", pointer: false, variadic: false, text: "pkg.R" }]);
  });

  test("methods, unexported and generic funcs are left out with a reason", () => {
    const syntax = readFileSyntax(
      parser,
      "package p\nfunc (s S) M() {}\nfunc lower() {}\nfunc G[T any](t T) {}\nfunc Ünïcode() {}\nfunc éa() {}\n",
    );
    expect(syntax.funcs.map((f) => f.name)).toEqual(["Ünïcode"]);
    expect(syntax.ignored).toEqual([
      { name: "M", line: 2, reason: "method (has a receiver)" },
      { name: "lower", line: 3, reason: "not exported" },
      { name: "G", line: 4, reason: "generic (has type parameters)" },
      { name: "éa", line: 6, reason: "not exported" },
    ]);
  });

  test("vars: explicit types only, every name of a spec, blocks", () => {
    const syntax = readFileSyntax(
      parser,
      "package p\nvar A, B http.Handler\nvar (\n\tC = 1\n\tD *T\n\t_ http.Handler\n)\nfunc f() { var Local http.Handler; _ = Local }\n",
    );
    expect(syntax.vars.map((v) => [v.name, v.line, v.type.text])).toEqual([
      ["A", 2, "http.Handler"],
      ["B", 2, "http.Handler"],
      ["D", 5, "*T"],
    ]);
    expect(syntax.ignored).toEqual([
      { name: "C", line: 4, reason: "var without an explicit type" },
      { name: "f", line: 8, reason: "not exported" },
    ]);
  });

  test("type declarations and aliases", () => {
    const syntax = readFileSyntax(parser, "package p\ntype (\n\tA int\n\tB = ce.Event\n)\ntype C[T any] = []T\n");
    expect(syntax.types.map((t) => t.name)).toEqual(["A"]);
    expect(syntax.typeAliases).toEqual([{ name: "B", type: { qualifier: "ce", name: "Event", pointer: false, variadic: false, text: "ce.Event" } }]);
  });

  test("a syntax error hides only its own declaration", () => {
    const source = [
      "package p",
      "",
      'import "net/http"',
      "",
      "func Broken(w http.ResponseWriter, r *http.Request {",
      "}",
      "",
      "func Good(w http.ResponseWriter, r *http.Request) {}",
      "",
      "var V http.Handler = )",
      "",
      "func BodyBroken() { if { }",
      "",
      "func Last() {}",
    ].join("\n");
    const syntax = readFileSyntax(parser, source);
    expect(syntax.packageName).toBe("p");
    expect(syntax.imports.map((i) => i.path)).toEqual(["net/http"]);
    expect(syntax.funcs.map((f) => [f.name, f.line])).toEqual([
      ["Good", 8],
      ["BodyBroken", 12],
      ["Last", 14],
    ]);
    expect(syntax.syntaxErrorLines).toEqual(expect.arrayContaining([5, 10, 12]));
  });

  test("a garbage file reports a bounded number of syntax error lines", () => {
    const syntax = readFileSyntax(parser, `package p\n${"func ( {\n".repeat(500)}func Ok() {}\n`);
    expect(syntax.syntaxErrorLines).toHaveLength(10);
    expect(syntax.funcs.map((f) => [f.name, f.line])).toEqual([["Ok", 502]]);
  });

  test("CRLF line endings keep lines right", () => {
    const syntax = readFileSyntax(parser, "package p\r\n\r\nfunc A() {}\r\n\r\nfunc B(x int) {}\r\n");
    expect(syntax.funcs.map((f) => [f.name, f.line, f.params[0]?.text])).toEqual([
      ["A", 3, undefined],
      ["B", 5, "int"],
    ]);
  });
});
