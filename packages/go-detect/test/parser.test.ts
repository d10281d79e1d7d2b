import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGoParser } from "../src";
import { defaultGoGrammarWasm, defaultTreeSitterWasm } from "../src/parser";
import { readFileSyntax } from "../src/syntax";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "go-detect-wasm-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the default wasm paths resolve from node_modules", () => {
  expect(defaultTreeSitterWasm()).toMatch(/web-tree-sitter[/\\]tree-sitter\.wasm$/);
  expect(defaultGoGrammarWasm()).toMatch(/tree-sitter-go[/\\]tree-sitter-go\.wasm$/);
});

test("a parser can be created from explicit wasm paths (as the compiled buildpacks do)", async () => {
  // bun --compile hands out paths with other names; only the contents matter.
  const runtime = join(dir, "embedded-runtime-abc123.wasm");
  const grammar = join(dir, "embedded-grammar-def456.wasm");
  copyFileSync(defaultTreeSitterWasm(), runtime);
  copyFileSync(defaultGoGrammarWasm(), grammar);
  const parser = await createGoParser({ treeSitterWasm: runtime, goGrammarWasm: grammar });
  try {
    expect(readFileSyntax(parser, "package p\nfunc F() {}\n").funcs.map((f) => f.name)).toEqual(["F"]);
  } finally {
    parser.delete();
  }
});

test("a bad grammar path is a clear error, and the next attempt with a good one works", async () => {
  const bad = join(dir, "not-wasm.wasm");
  writeFileSync(bad, "not wasm");
  await expect(createGoParser({ goGrammarWasm: bad })).rejects.toThrow(`cannot load the Go grammar from ${bad}`);
  await expect(createGoParser({ goGrammarWasm: join(dir, "missing.wasm") })).rejects.toThrow(/ENOENT/);
  const parser = await createGoParser();
  parser.delete();
});

test("several parsers share one runtime and work independently", async () => {
  const [a, b] = await Promise.all([createGoParser(), createGoParser()]);
  try {
    expect(readFileSyntax(a, "package a\n").packageName).toBe("a");
    expect(readFileSyntax(b, "package b\n").packageName).toBe("b");
  } finally {
    a?.delete();
    b?.delete();
  }
});
