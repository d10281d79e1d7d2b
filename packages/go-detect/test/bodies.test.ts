import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { blankFunctionBodies } from "../src/bodies";
import { createGoParser, type GoParser } from "../src";
import { readFileSyntax } from "../src/syntax";

let parser: GoParser;
beforeAll(async () => {
  parser = await createGoParser();
});
afterAll(() => parser.delete());

const newlines = (text: string) => text.replace(/[^\n]/g, "");

/** `source` with each of `bodies` (written between « and ») blanked, and the markers removed. */
function expectBlanked(marked: string): void {
  const source = marked.replace(/[«»]/g, "");
  const expected = marked.replace(/«([^»]*)»/g, (_, body: string) => newlines(body));
  expect(blankFunctionBodies(source).text).toBe(expected);
  expect(blankFunctionBodies(source).text.split("\n").length).toBe(source.split("\n").length);
}

describe("blankFunctionBodies", () => {
  test("empties bodies of funcs and methods but for their newlines, keeps signatures", () => {
    expectBlanked("package p\n\nfunc A(x int) (int, error) {«\n\treturn x, nil\n»}\n\nfunc (s *S) M() {« s.n++ »}\n");
  });

  test("braces in strings, runes and comments do not count", () => {
    expectBlanked("package p\nfunc A() {«\n\ts := \"}\\\"\" + string('}') + string('\\'') // }\n\t/* } */ _ = s\n»}\nfunc B() {« x() »}\n");
  });

  test("raw strings may hold braces; a body holding a line that looks top-level is left alone", () => {
    expectBlanked("package p\nfunc A() {« r := `}{` »}\nfunc B() {\n\tr := `\nfunc Fake() {`\n}\nfunc C() {« c() »}\n");
  });

  test("struct and interface types in signatures are not bodies", () => {
    expectBlanked(
      "package p\nfunc A(x struct{ a int }) struct{ b int } {« return struct{ b int }{} »}\nfunc G[T interface{ ~int }](t T) interface { M() } {« return nil »}\n",
    );
  });

  test("a func without a body ends at the newline; types with func types are untouched; func literals at the top level are blanked", () => {
    expectBlanked(
      "package p\nfunc Asm(x int) int\ntype H func(int) error\ntype S struct { F func() }\nvar V = func() {« work() »}\nfunc B() {« b() »}\n",
    );
  });

  test("bodies of func init() are kept (registrations live there); methods named init and other funcs are blanked", () => {
    expectBlanked(
      'package p\nfunc init() {\n\tfunctions.HTTP("a", a)\n}\nfunc (t T) init() {« t.x() »}\nfunc initial() {« y() »}\nfunc init(){ z() }\n',
    );
  });

  test("an init body larger than the limit is blanked, and its line reported", () => {
    const source = "package p\n\nfunc init() {\n\tregister(1)\n}\n";
    expect(blankFunctionBodies(source, 10)).toEqual({ text: "package p\n\nfunc init() {\n\n}\n", oversizedInitLines: [3], topLevelFuncLines: [3] });
    expect(blankFunctionBodies(source).oversizedInitLines).toEqual([]);
  });

  test("unbalanced or unterminated input is returned unchanged", () => {
    for (const src of ["package p\nfunc A() {\n", 'package p\nfunc A() { s := "x\n}\n', "package p\nfunc A() { /* }\n", "package p\nfunc A() { `x }\n"]) {
      expect(blankFunctionBodies(src).text).toBe(src);
    }
  });
});

// Differential: blanking must never change what detection reads from a valid file.
const appsDir = join(__dirname, "fixtures", "apps");
const fixtureSources = readdirSync(appsDir).flatMap((app) =>
  readdirSync(join(appsDir, app))
    .filter((f) => f.endsWith(".go"))
    .map((f) => readFileSync(join(appsDir, app, f)))
    .filter((b) => !b.includes(0))
    .map((b) => b.toString("utf8")),
);

const comparable = (source: string, blankBodies: boolean) => {
  const { syntaxErrorLines: _, ...rest } = readFileSyntax(parser, source, { blankBodies });
  return rest;
};

test("fixture files read the same with and without blanking", () => {
  for (const source of fixtureSources) {
    const tree = parser.parse(source);
    const clean = !tree.rootNode.hasError;
    tree.delete();
    if (clean) expect(comparable(source, true)).toEqual(comparable(source, false));
  }
});

const trickyStatement = fc.constantFrom(
  'x := "}{"',
  "y := '}'",
  "z := '\\''",
  'w := "\\"}"',
  "r := `}\n{`",
  "r2 := `\nfunc Inner(w http.ResponseWriter) {`",
  "// } comment {",
  "/* } */",
  "f := func(a int) { _ = a }",
  "if true { return }",
  "s := struct{ a int }{1}",
  "m := map[string]func(){\"a\": nil}",
  "_ = []int{1, 2}",
  "go func() {}()",
);

const declArb = fc.record({
  kind: fc.constantFrom("func", "method", "generic", "var", "asm", "structResult"),
  name: fc.constantFrom("A", "B", "Handler", "lower", "Zeta"),
  body: fc.array(trickyStatement, { maxLength: 4 }),
});

test("property: generated files with tricky bodies read the same with and without blanking", () => {
  fc.assert(
    fc.property(fc.array(declArb, { minLength: 1, maxLength: 6 }), (decls) => {
      const body = (stmts: string[]) => `{\n${stmts.map((s) => `\t${s}`).join("\n")}\n}`;
      const parts = decls.map((d, i) => {
        const name = `${d.name}${i}`;
        switch (d.kind) {
          case "func":
            return `func ${name}(w http.ResponseWriter, r *http.Request) ${body(d.body)}`;
          case "method":
            return `func (s *S) ${name}(x, y int) (int, error) ${body(d.body)}`;
          case "generic":
            return `func ${name}[T interface{ ~int }](t T) ${body(d.body)}`;
          case "var":
            return `var ${name} http.HandlerFunc = func(w http.ResponseWriter, r *http.Request) ${body(d.body)}`;
          case "asm":
            return `func ${name}(x int) int`;
          default:
            return `func ${name}() struct{ a int } ${body([...d.body, "return struct{ a int }{}"])}`;
        }
      });
      const source = `package p\n\nimport "net/http"\n\ntype S struct{}\n\n${parts.join("\n\n")}\n`;
      expect(comparable(source, true)).toEqual(comparable(source, false));
      const blanked = blankFunctionBodies(source).text;
      expect(blanked.split("\n").length).toBe(source.split("\n").length);
    }),
    { numRuns: 200 },
  );
});

test("property: blanking never throws, never lengthens the text and keeps its lines on arbitrary text", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), fc.constantFrom(...fixtureSources), (junk, seed) => {
      const source = seed.slice(0, seed.length / 2) + junk + seed.slice(seed.length / 2);
      const out = blankFunctionBodies(source).text;
      expect(out.length).toBeLessThanOrEqual(source.length);
      expect(out.split("\n").length).toBe(source.split("\n").length);
    }),
    { numRuns: 300 },
  );
});
