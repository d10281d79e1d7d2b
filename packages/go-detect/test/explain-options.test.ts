// The load options an explanation of near misses needs: the package clauses alone (is this an
// application?), and every unexported func's signature.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GoBuildContext, GoParser } from "../src";
import { loadPackage } from "../src/load";
import { useParserAndTempDir } from "./packages";

const context: GoBuildContext = { goos: "linux", goarch: "amd64", goVersion: "1.25" };
/** A parser that must not be used: clausesOnly reads no declarations. */
const noParser: GoParser = {
  parse() {
    throw new Error("parsed");
  },
  delete() {},
};

let parser: GoParser;
let dir: string;
useParserAndTempDir("go-detect-explain-", (p, d) => {
  parser = p;
  dir = d;
});
const write = (files: Record<string, string>) => {
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
};

describe("clausesOnly", () => {
  it("says which package the dir holds without parsing, and whether package main declares func main", async () => {
    write({ "main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println() }\n", "util.go": "package main\n\nfunc helper() {}\n" });
    expect(await loadPackage({ dir, context, parser: noParser, clausesOnly: true })).toMatchObject({ name: "main", declaresMain: true, funcs: [] });
  });

  it("package main without func main; func main in a file excluded for linux does not count", async () => {
    write({ "fn.go": "package main\n\nfunc Handle() {}\n", "main_windows.go": "package main\n\nfunc main() {}\n" });
    expect(await loadPackage({ dir, context, parser: noParser, clausesOnly: true })).toMatchObject({ name: "main", declaresMain: false });
  });

  it("an indented func main counts (a step aside errs on the application's side); a method named main does not", async () => {
    write({ "a.go": "package main\n\n  func main() {}\n" });
    expect((await loadPackage({ dir, context, parser: noParser, clausesOnly: true })).declaresMain).toBe(true);
    rmSync(join(dir, "a.go"));
    write({ "b.go": "package main\n\ntype T struct{}\n\nfunc (T) main() {}\n" });
    expect((await loadPackage({ dir, context, parser: noParser, clausesOnly: true })).declaresMain).toBe(false);
  });

  it("a library package: its name, nothing parsed, no declaresMain", async () => {
    write({ "fn.go": "package hello\n\nfunc Handle() {}\n" });
    const pkg = await loadPackage({ dir, context, parser: noParser, clausesOnly: true });
    expect(pkg.name).toBe("hello");
    expect(pkg.declaresMain).toBeUndefined();
  });
});

describe("unexportedFuncs", () => {
  const source = 'package hello\n\nimport "net/http"\n\nfunc helloGet(w http.ResponseWriter, r *http.Request) {}\n\nfunc Exported() {}\n\nfunc generic[T any](t T) {}\n';

  it("keeps every unexported non-generic func's signature, resolved through the imports", async () => {
    write({ "hello.go": source });
    const pkg = await loadPackage({ dir, context, parser, unexportedFuncs: true });
    expect(pkg.unexportedFuncs?.map((f) => ({ name: f.name, line: f.line, params: f.params.map((p) => `${p.pointer ? "*" : ""}${p.importPath}.${p.name}`) }))).toEqual([
      { name: "helloGet", line: 5, params: ["net/http.ResponseWriter", "*net/http.Request"] },
    ]);
    expect(pkg.funcs.map((f) => f.name)).toEqual(["Exported"]);
  });

  it("is not kept unless asked for", async () => {
    write({ "hello.go": source });
    expect((await loadPackage({ dir, context, parser })).unexportedFuncs).toBeUndefined();
  });
});
