import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { createGoParser, type GoParser } from "../src";
import { blankFunctionBodies } from "../src/bodies";
import { readPlainDeclarations } from "../src/plaindecl";
import { type ReadOptions, readFileSyntax } from "../src/syntax";

let parser: GoParser;
beforeAll(async () => {
  parser = await createGoParser();
});
afterAll(() => parser.delete());

const LEAN = { unexportedFuncs: false, methods: false };
const taken = (source: string, wanted = LEAN) => {
  const blanked = blankFunctionBodies(source);
  return readPlainDeclarations(blanked.text, blanked.topLevelFuncLines, wanted);
};

describe("readPlainDeclarations", () => {
  test("takes plain unexported funcs and methods; what is left keeps its rows", () => {
    const source = [
      "package p",
      "",
      'import "net/http"',
      "",
      "// helper does things.",
      "func helper(a, b int) (int, error) {",
      "\treturn a + b, nil",
      "}",
      "",
      "func (s *S) Serve(w http.ResponseWriter, r *http.Request) { s.n++ }",
      "",
      "func Handler(w http.ResponseWriter, r *http.Request) {}",
      "",
      "func variadic(format string, args ...any) string { return format }",
      "",
    ].join("\n");
    const read = taken(source);
    expect(read.ignored).toEqual([
      { name: "helper", line: 6, reason: "not exported" },
      { name: "Serve", line: 10, reason: "method (has a receiver)" },
      { name: "variadic", line: 14, reason: "not exported" },
    ]);
    // Handler is read with its signature, as the walk writes it, and the head too: nothing is left to parse.
    expect(read.funcs).toEqual([
      {
        name: "Handler",
        line: 12,
        params: [
          { qualifier: "http", name: "ResponseWriter", pointer: false, variadic: false, text: "http.ResponseWriter" },
          { qualifier: "http", name: "Request", pointer: true, variadic: false, text: "*http.Request" },
        ],
        results: [],
      },
    ]);
    expect(read.segments).toEqual([{ kind: "read", row: 0, packageClause: { name: "p", line: 1 }, imports: [{ path: "net/http", line: 3 }] }]);
  });

  test("reads unexported funcs' signatures when they are wanted; leaves methods wanted with theirs to the parser", () => {
    const source = "package p\n\nfunc helper(a, b int) error {}\n\nfunc (s S) M() {}\n";
    const withFuncs = taken(source, { unexportedFuncs: true, methods: false });
    expect(withFuncs.ignored.map((d) => d.name)).toEqual(["helper", "M"]);
    expect(withFuncs.unexportedFuncs.map((f) => [f.name, f.params.length, f.results.map((r) => r.text)])).toEqual([["helper", 2, ["error"]]]);
    const withMethods = taken(source, { unexportedFuncs: false, methods: true });
    expect(withMethods.ignored.map((d) => d.name)).toEqual(["helper"]);
    expect(withMethods.segments.at(-1)).toEqual({ kind: "parse", text: "func (s S) M() {}\n", row: 4 });
  });

  test("reads a plain head: package clause and imports, alone or in a block, with aliases", () => {
    const source = 'package p\n\nimport (\n\t"fmt"\n\n\tstr "strings"\n\t_ "embed"\n\t. "math"\n)\n\nimport "os"\n\nfunc helper() {}\n';
    expect(taken(source).segments).toEqual([
      {
        kind: "read",
        row: 0,
        packageClause: { name: "p", line: 1 },
        imports: [
          { path: "fmt", line: 4 },
          { path: "strings", alias: "str", line: 6 },
          { path: "embed", alias: "_", line: 7 },
          { path: "math", alias: ".", line: 8 },
          { path: "os", line: 11 },
        ],
      },
    ]);
    for (const head of ['import "fmt" // why', 'import `fmt`', 'import "fmt\\x41"', "import ()", 'import (\n\t"fmt" // why\n)', "/* doc */"]) {
      expect(taken(`package p\n\n${head}\n\nfunc helper() {}\n`).segments[0]).toMatchObject({ kind: "parse" });
    }
  });

  test("leaves to the parser what it cannot be sure of", () => {
    const unsure = [
      "func init() {}", // registrations
      "func generic[T any](t T) {}",
      "func kw(type int) {}", // a keyword as a name: a syntax error
      "func f() struct{} {}",
      "func g(f func()) {}",
      "func h(m map[string]int) {}",
      "func twoLines(a int,\n\tb int) {}",
      "func early(a ...int, b int) {}",
      "func spaced (a int) {}",
      "func trailing() {} // a comment after the body",
      "func (s *S[T]) M() {}",
    ];
    for (const decl of unsure) expect(taken(`package p\n\n${decl}\n`).ignored).toEqual([]);
  });

  test("never takes a func line in a raw string, after a line that does not end a declaration, or followed by stray code", () => {
    expect(taken("package p\n\nvar s = `\nfunc fake() {}\n`\n").ignored).toEqual([]);
    expect(taken("package p\n\nvar f = func\nfunc a() {}\n").ignored).toEqual([]);
    expect(taken("package p\n\nvar x = y +\nfunc a() {}\n").ignored).toEqual([]);
    expect(taken("package p\n\nfunc a() {}\nx := 1\n").ignored).toEqual([]);
    expect(taken("package p\r\n\r\nfunc a() {\r\n}\r\n").ignored).toEqual([]);
  });
});

// Differential: reading plain declarations from the text must never change what is read.
const read = (source: string, options: ReadOptions, plainDeclarations: boolean) => readFileSyntax(parser, source, { ...options, plainDeclarations });
const OPTION_SETS: ReadOptions[] = [
  { methodsAndTypes: false, unexportedFuncs: false },
  { methodsAndTypes: true, unexportedFuncs: false },
  { methodsAndTypes: false, unexportedFuncs: true },
];

const appsDir = join(__dirname, "fixtures", "apps");
const fixtureSources = readdirSync(appsDir).flatMap((app) =>
  readdirSync(join(appsDir, app))
    .filter((f) => f.endsWith(".go"))
    .map((f) => readFileSync(join(appsDir, app, f)))
    .filter((b) => !b.includes(0))
    .map((b) => b.toString("utf8")),
);

test("fixture files read the same with and without plain declarations", () => {
  for (const source of fixtureSources) {
    for (const options of OPTION_SETS) expect(read(source, options, true)).toEqual(read(source, options, false));
  }
});

const declaration = fc.constantFrom(
  "func helper(a, b int) (int, error) {\n\treturn a + b, nil\n}",
  "func (s *S) Method(x string) error { return nil }",
  "func (S) value() {}",
  "func Exported(w http.ResponseWriter, r *http.Request) {}",
  "func lower(args ...string) {}",
  "func init() {\n\tregister()\n}",
  "func generic[T any](t T) T { return t }",
  "// A comment.\n// Another.",
  "var V http.HandlerFunc = func(w http.ResponseWriter, r *http.Request) {}",
  "var x = 1 +",
  "var s = `\nfunc fake() {}\n`",
  "const c = 3",
  "type S struct{ n int }",
  "type I interface{ M() }",
  "func broken(a int {",
  "func kw(type int) {}",
  "x := 1",
  "func trailing() {} // done",
  "func two(a int,\n\tb int) {}",
  "func asm(x int) int",
  "/* block\nfunc hidden() {}\n*/",
  'import "fmt"',
  'import (\n\t"os"\n\n\tstr "strings"\n)',
  'import _ "embed"',
  'import "fmt" // after',
  "func Exported2(ctx context.Context, names ...string) (string, error) { return \"\", nil }",
  "func Bytes() []byte { return nil }",
  "func Pair() (a, b int) { return 1, 2 }",
  "func Ptr(p *pkg.T, q []*T) *pkg.T { return p }",
);

test("property: files of mixed declarations read the same with and without plain declarations", () => {
  let withTaken = 0;
  fc.assert(
    fc.property(fc.array(declaration, { minLength: 1, maxLength: 8 }), fc.constantFrom(...OPTION_SETS), (decls, options) => {
      const source = `package p\n\nimport "net/http"\n\n${decls.join("\n\n")}\n`;
      expect(read(source, options, true)).toEqual(read(source, options, false));
      if (taken(source, { unexportedFuncs: options.unexportedFuncs ?? true, methods: options.methodsAndTypes ?? true }).ignored.length > 0) withTaken++;
    }),
    { numRuns: 400 },
  );
  // The comparison means something only where declarations were taken.
  expect(withTaken).toBeGreaterThan(40);
});
