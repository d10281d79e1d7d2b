import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGoParser, type GoParser } from "../src";
import { MAX_DOC_BYTES } from "../src/doc";
import { loadPackage } from "../src/load";
import { readFileSyntax } from "../src/syntax";

let parser: GoParser;
beforeAll(async () => {
  parser = await createGoParser();
});
afterAll(() => parser.delete());

const docs = (source: string) => Object.fromEntries(readFileSyntax(parser, source).funcs.map((f) => [f.name, f.doc]));

test("an exported func's doc comment: the // lines right above it, markers and directives gone", () => {
  const source = [
    "// Package p has docs.",
    "package p",
    "",
    "// Forecast returns the forecast",
    "// for a city.",
    "//",
    "//   indented stays indented",
    "//go:noinline",
    "func Forecast() {}",
    "",
    "// Detached: a blank line parts it from the func.",
    "",
    "func Bare() {}",
    "//nolint:errcheck",
    "func OnlyDirective() {}",
    "/* Block comments are not read. */",
    "func Block() {}",
    "\t// Indented (not gofmt's) still counts.",
    "func Tabbed() {} // trailing comments are not docs",
    "func After() {}",
    "// windows\r",
    "func CRLF() {}",
    "// unexported ones are not read",
    "func helper() {}",
  ].join("\n");
  expect(docs(source)).toEqual({
    Forecast: "Forecast returns the forecast\nfor a city.\n\n  indented stays indented",
    Bare: undefined,
    OnlyDirective: undefined,
    Block: undefined,
    Tabbed: "Indented (not gofmt's) still counts.",
    After: undefined,
    CRLF: "windows",
  });
});

test("a func after a syntax error keeps its doc comment (chunks are read one by one, comments from the text)", () => {
  const source = "package p\n\nfunc Broken( {\n\n// Fine is fine.\nfunc Fine() {}\n";
  expect(docs(source)).toEqual({ Fine: "Fine is fine." });
});

test("a huge doc comment is cut at a line boundary, within MAX_DOC_BYTES", () => {
  const line = `// ${"é".repeat(100)}`;
  const many = Array.from({ length: 2000 }, () => line).join("\n");
  const doc = docs(`package p\n\n${many}\nfunc Long() {}\n`).Long ?? "";
  expect(Buffer.byteLength(doc)).toBeLessThanOrEqual(MAX_DOC_BYTES);
  expect(doc.split("\n").every((l) => l === "é".repeat(100))).toBe(true);
  const one = docs(`package p\n\n// ${"é".repeat(MAX_DOC_BYTES)}\nfunc One() {}\n`).One ?? "";
  expect(Buffer.byteLength(one)).toBeLessThanOrEqual(MAX_DOC_BYTES);
  expect(one).toMatch(/^é+$/);
});

test("the package model carries each exported func's doc", async () => {
  const dir = mkdtempSync(join(tmpdir(), "go-detect-doc-"));
  try {
    writeFileSync(join(dir, "a.go"), "package p\n\n// A does a.\nfunc A() {}\n");
    const pkg = await loadPackage({ dir, context: { goos: "linux", goarch: "amd64", goVersion: "1.25" }, parser });
    expect(pkg.funcs.map((f) => [f.name, f.doc])).toEqual([["A", "A does a."]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
