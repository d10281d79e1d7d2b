// Detection must never throw and always terminate, whatever bytes it is given.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { analyzeFunctionPackage, createGoParser, type GoParser, matchCandidates } from "../src";
import { readFileSyntax } from "../src/syntax";
import { cloudEventsSpecs, httpSpecs } from "./specs";

let parser: GoParser;
beforeAll(async () => {
  parser = await createGoParser();
});
afterAll(() => parser.delete());

const appsDir = join(__dirname, "fixtures", "apps");
const seeds: string[] = readdirSync(appsDir).flatMap((app) =>
  readdirSync(join(appsDir, app))
    .filter((f) => f.endsWith(".go"))
    .map((f) => readFileSync(join(appsDir, app, f)))
    .filter((b) => !b.includes(0))
    .map((b) => b.toString("utf8")),
);

const goTokens = ["func", "(", ")", "{", "}", "[", "]", "*", "...", ",", "\n", "package", "import", "var", "type", '"', "`", "//", "/*", "http.", "error", "\u0000", "\uFEFF", "\r\n", "go:build", "+build"];

/** A fixture source with random edits: deletions, insertions of Go-ish tokens, duplications. */
const mutatedSource = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.oneof(fc.constantFrom(...goTokens), fc.string({ maxLength: 8 }))), {
      maxLength: 12,
    }),
  )
  .map(([seed, edits]) =>
    edits.reduce((src, [at, del, insert]) => {
      const i = src.length === 0 ? 0 : at % src.length;
      return src.slice(0, i) + insert + src.slice(i + del);
    }, seed),
  );

test("property: readFileSyntax never throws on mutated or random sources", () => {
  fc.assert(
    fc.property(fc.oneof(mutatedSource, fc.string({ unit: "binary", maxLength: 300 })), (source) => {
      const syntax = readFileSyntax(parser, source);
      expect(Array.isArray(syntax.funcs)).toBe(true);
      for (const f of syntax.funcs) expect(f.line).toBeGreaterThan(0);
    }),
    { numRuns: 300 },
  );
});

test("property: analyzing a package of mutated and random files never throws", async () => {
  const dir = mkdtempSync(join(tmpdir(), "go-detect-fuzz-"));
  try {
    writeFileSync(join(dir, "go.mod"), "module example.com/fuzz\n\ngo 1.22\n");
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(mutatedSource, fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b))), { minLength: 1, maxLength: 4 }),
        async (files) => {
          for (const f of readdirSync(dir)) if (f.endsWith(".go")) rmSync(join(dir, f));
          for (const [i, content] of files.entries()) writeFileSync(join(dir, `f${i}.go`), content);
          const result = await analyzeFunctionPackage({ appDir: dir, goarch: "amd64", parser });
          if (result.kind !== "package") throw new Error("expected a package");
          expect(result.files.length + result.skipped.length).toBe(files.length);
          matchCandidates(result.pkg, [...httpSpecs, ...cloudEventsSpecs]);
        },
      ),
      { numRuns: 100 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("pathological input terminates: deep nesting and a long single line", () => {
  const deep = `package p\nfunc F() ${"{".repeat(20000)}`;
  const long = `package p\nvar X = ${"1+".repeat(100000)}1\nfunc Handler() {}\n`;
  expect(readFileSyntax(parser, deep).packageName).toBe("p");
  expect(readFileSyntax(parser, long).funcs.map((f) => f.name)).toEqual(["Handler"]);
});
