import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeFunctionPackage, analyzeFunctionPackageLazily, type GoParser } from "../src";
import { useParserAndTempDir } from "./packages";

// The parser is made only when a file needs it, and the package reads the same either way.
let parser: GoParser;
let dir: string;
useParserAndTempDir("go-detect-lazy-", (p, d) => {
  parser = p;
  dir = d;
});
beforeEach(() => {
  writeFileSync(join(dir, "go.mod"), "module example.com/fn\n\ngo 1.22\n");
});

const HELLO = '// Package fn greets.\npackage fn\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\n// Handler greets.\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprintln(w, "hi")\n}\n';

// As detect reads: methods and types' members only where a file declares a constructor.
async function both(extra: { methodsAndTypes?: readonly string[] } = { methodsAndTypes: ["New"] }) {
  let made = 0;
  const debug: string[] = [];
  const lazy = await analyzeFunctionPackageLazily({
    appDir: dir,
    goarch: "amd64",
    parser: async () => {
      made++;
      return parser;
    },
    debug: (m) => debug.push(m),
    ...extra,
  });
  const eagerDebug: string[] = [];
  const eager = await analyzeFunctionPackage({ appDir: dir, goarch: "amd64", parser, debug: (m) => eagerDebug.push(m), ...extra });
  expect(lazy).toEqual(eager);
  expect(debug).toEqual(eagerDebug);
  return made;
}

test("a package of plainly written funcs is read without a parser", async () => {
  writeFileSync(join(dir, "hello.go"), HELLO);
  writeFileSync(join(dir, "helpers.go"), "package fn\n\nfunc helper(a, b int) int { return a + b }\n\nfunc (s *S) method() {}\n");
  expect(await both()).toBe(0);
});

test("a file that needs parsing (a type, a var, a method read for a constructor) makes the parser, once", async () => {
  writeFileSync(join(dir, "hello.go"), HELLO);
  writeFileSync(join(dir, "types.go"), "package fn\n\ntype S struct{ n int }\n");
  expect(await both()).toBe(1);
  rmSync(join(dir, "types.go"));
  writeFileSync(join(dir, "new.go"), "package fn\n\nfunc New() *S { return &S{} }\n\nfunc (s *S) Handle(w http.ResponseWriter, r *http.Request) {}\n");
  expect(await both({ methodsAndTypes: ["New"] })).toBe(1);
});

test("files are read in order from their text until one needs the parser, then on with it, none twice", async () => {
  const helpers = Array.from({ length: 2000 }, (_, i) => `func helper${i}(a int) int { return a }\n`).join("\n");
  writeFileSync(join(dir, "a_helpers.go"), `package fn\n\n${helpers}`);
  writeFileSync(join(dir, "b_types.go"), "package fn\n\ntype S struct{ n int }\n");
  writeFileSync(join(dir, "c_hello.go"), HELLO);
  // The same analysis and the same debug lines (each file loaded once) as with the parser from the start.
  expect(await both()).toBe(1);
});
