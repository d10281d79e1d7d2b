// Property: however a handler is spelled (import style, parameter names, grouping, helpers
// around it, line endings, BOM), detection finds the same shape at the right line.
import fc from "fast-check";
import { createGoParser, type GoParser, matchCandidates } from "../src";
import { loadPackage } from "../src/load";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cloudEventsEquivalences, cloudEventsFacts, cloudEventsSpecs, httpSpecs } from "./specs";

let parser: GoParser;
let dir: string;
beforeAll(async () => {
  parser = await createGoParser();
  dir = mkdtempSync(join(tmpdir(), "go-detect-spelling-"));
});
afterAll(() => {
  parser.delete();
  rmSync(dir, { recursive: true, force: true });
});

type ImportStyle = { kind: "default" } | { kind: "alias"; name: string } | { kind: "dot" };
const aliasArb = fc.constantFrom("h", "nethttp", "web", "ctxpkg", "ce", "x1");
const importStyleArb: fc.Arbitrary<ImportStyle> = fc.oneof(
  fc.constant<ImportStyle>({ kind: "default" }),
  aliasArb.map((name): ImportStyle => ({ kind: "alias", name })),
  fc.constant<ImportStyle>({ kind: "dot" }),
);

function importLine(path: string, style: ImportStyle): string {
  return style.kind === "default" ? `"${path}"` : `${style.kind === "dot" ? "." : style.name} "${path}"`;
}

function qualify(defaultName: string, style: ImportStyle, type: string): string {
  return style.kind === "dot" ? type : `${style.kind === "alias" ? style.name : defaultName}.${type}`;
}

const helperArb = fc.constantFrom(
  "func helper() {}",
  "func Helper(x int) string { return \"\" }",
  "type Server struct{}\n\nfunc (s *Server) Handle() {}",
  "var counter int",
  "const Version = \"1\"",
  "// A comment.\n/* block\n   comment */",
);

test("property: HTTP handlers are found whatever the spelling", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        http: importStyleArb,
        context: importStyleArb,
        withContext: fc.boolean(),
        names: fc.constantFrom("named", "blank", "unnamed"),
        name: fc.constantFrom("Handler", "Serve", "Hello", "Ünicode"),
        before: fc.array(helperArb, { maxLength: 3 }),
        after: fc.array(helperArb, { maxLength: 3 }),
        crlf: fc.boolean(),
        bom: fc.boolean(),
      }),
      async (c) => {
        // Two aliases with the same name would not compile; skip that combination.
        fc.pre(!(c.withContext && c.http.kind === "alias" && c.context.kind === "alias" && c.http.name === c.context.name));
        const w = qualify("http", c.http, "ResponseWriter");
        const r = `*${qualify("http", c.http, "Request")}`;
        const ctx = qualify("context", c.context, "Context");
        const types = c.withContext ? [ctx, w, r] : [w, r];
        const names = c.withContext ? ["ctx", "w", "r"] : ["w", "r"];
        const params = types.map((t, i) => (c.names === "named" ? `${names[i]} ${t}` : c.names === "blank" ? `_ ${t}` : t));
        const imports = [importLine("net/http", c.http), ...(c.withContext ? [importLine("context", c.context)] : [])];
        const head = ["package fn", "", "import (", ...imports.map((i) => `\t${i}`), ")", "", ...c.before.flatMap((h) => [h, ""])];
        const handlerLine = head.join("\n").split("\n").length + 1;
        const lines = [...head, `func ${c.name}(${params.join(", ")}) {`, "}", "", ...c.after.flatMap((h) => [h, ""])];
        const text = (c.bom ? "\uFEFF" : "") + lines.join(c.crlf ? "\r\n" : "\n");
        writeFileSync(join(dir, "fn.go"), text);
        const pkg = await loadPackage({ dir, context: { goos: "linux", goarch: "amd64", goVersion: "1.22" }, parser });
        const found = matchCandidates(pkg, httpSpecs).map((m) => `${m.specId} ${m.name} ${m.line}`);
        expect(found).toEqual([`${c.withContext ? "context-handler-func" : "handler-func"} ${c.name} ${handlerLine}`]);
      },
    ),
    { numRuns: 150 },
  );
});

test("property: CloudEvents receivers are found under every sdk-go import spelling", async () => {
  const eventTypeArb = fc.constantFrom(
    { imp: 'cloudevents "github.com/cloudevents/sdk-go/v2"', event: "cloudevents.Event", result: "cloudevents.Result" },
    { imp: '"github.com/cloudevents/sdk-go/v2"', event: "v2.Event", result: "v2.Result" },
    { imp: '"github.com/cloudevents/sdk-go/v2/event"\n\t"github.com/cloudevents/sdk-go/v2/protocol"', event: "event.Event", result: "protocol.Result" },
    { imp: 'ce "github.com/cloudevents/sdk-go/v2/event"', event: "ce.Event", result: "error" },
  );
  await fc.assert(
    fc.asyncProperty(eventTypeArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), async (t, input, output) => {
      const params = [[], ["ctx context.Context"], [`e ${t.event}`], ["ctx context.Context", `e ${t.event}`]][input] as string[];
      const results = [[], [t.result], [`*${t.event}`], [`*${t.event}`, t.result]][output] as string[];
      const res = results.length === 0 ? "" : results.length === 1 ? ` ${results[0]}` : ` (${results.join(", ")})`;
      const src = `package fn\n\nimport (\n\t"context"\n\t${t.imp}\n)\n\nvar _ context.Context\n\nfunc Receive(${params.join(", ")})${res} {\n\tpanic(0)\n}\n`;
      writeFileSync(join(dir, "fn.go"), src);
      const pkg = await loadPackage({ dir, context: { goos: "linux", goarch: "amd64", goVersion: "1.22" }, parser, importFacts: cloudEventsFacts });
      const inIds = ["", "ctx", "event", "ctx,event"];
      const outIds = ["", "result", "event", "event,result"];
      expect(matchCandidates(pkg, cloudEventsSpecs, cloudEventsEquivalences).map((m) => m.specId)).toEqual([`in(${inIds[input]})-out(${outIds[output]})`]);
    }),
    { numRuns: 64 },
  );
});
