// Parameter lists and struct fields are read from their text where it is plain (one call into
// WASM instead of several per parameter). Differential: the text reading must give exactly what
// walking the tree gives, or decline.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { Node } from "web-tree-sitter";
import { createGoParser, type GoParser } from "../src";
import { structFieldsFromText, structFieldsFromTree } from "../src/typedecl";
import { parametersFromText, parametersFromTree } from "../src/written";

let parser: GoParser;
beforeAll(async () => {
  parser = await createGoParser();
});
afterAll(() => parser.delete());

function nodesOfType(root: Node, type: string): Node[] {
  const out: Node[] = [];
  const visit = (n: Node) => {
    if (n.type === type) out.push(n);
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(root);
  return out;
}

/** Every parameter list and struct type in `source`: text reading (when it answers) equals tree reading. */
function expectSameReading(source: string): { lists: number; fromText: number } {
  const tree = parser.parse(source);
  let lists = 0;
  let fromText = 0;
  try {
    for (const list of nodesOfType(tree.rootNode, "parameter_list")) {
      if (list.hasError) continue;
      lists++;
      const text = parametersFromText(list.text);
      if (text === undefined) continue;
      fromText++;
      expect([list.text, text]).toEqual([list.text, parametersFromTree(list)]);
    }
    for (const struct of nodesOfType(tree.rootNode, "struct_type")) {
      if (struct.hasError) continue;
      lists++;
      const text = structFieldsFromText(struct.text, struct.startPosition.row + 1);
      if (text === undefined) continue;
      fromText++;
      expect([struct.text, text]).toEqual([struct.text, structFieldsFromTree(struct, 0)]);
    }
  } finally {
    tree.delete();
  }
  return { lists, fromText };
}

test("fixture files: text and tree read every parameter list and struct alike", () => {
  const apps = join(__dirname, "fixtures", "apps");
  let total = { lists: 0, fromText: 0 };
  for (const app of readdirSync(apps)) {
    for (const f of readdirSync(join(apps, app)).filter((n) => n.endsWith(".go"))) {
      const bytes = readFileSync(join(apps, app, f));
      if (bytes.includes(0)) continue;
      const r = expectSameReading(bytes.toString("utf8"));
      total = { lists: total.lists + r.lists, fromText: total.fromText + r.fromText };
    }
  }
  // Most lists are plain: the text path is the one taken.
  expect(total.fromText / total.lists).toBeGreaterThan(0.8);
});

const ident = fc.constantFrom("a", "b", "ctx", "w", "r", "_", "x1", "évé", "in");
const named = fc.constantFrom("int", "error", "string", "T", "http.Request", "ce.Event", "any", "context.Context", "Ünï");
const typeExpr: fc.Arbitrary<string> = fc.letrec<{ t: string }>((tie) => ({
  t: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    named,
    named.map((n) => `*${n}`),
    tie("t").map((t) => `[]${t}`),
    tie("t").map((t) => `map[string]${t}`),
    // Not `chan <-chan T`: tree-sitter-go misreads a parameter list inside it (`chan <-chan
    // func(a, b int)` comes out as unnamed params of types a and b int; Go's own parser and the
    // text reader both say a, b int), so the tree is no oracle there.
    tie("t")
      .filter((t) => !t.startsWith("<-"))
      .map((t) => `chan ${t}`),
    tie("t").map((t) => `<-chan ${t}`),
    tie("t").map((t) => `func(${t}) error`),
    fc.tuple(tie("t"), tie("t")).map(([a, b]) => `func(a, b ${a}) (${b}, error)`),
    tie("t").map((t) => `(${t})`),
    tie("t").map((t) => `*(${t})`),
    tie("t").map((t) => `pkg.G[${t}, int]`),
    fc.constant("struct{ a int }"),
    fc.constant("interface{ M() }"),
    fc.constant("interface {\n\tM()\n}"),
    fc.constant("[2]int"),
    fc.constant("**T"),
  ),
})).t;
const space = fc.constantFrom("", " ", "\n\t", "  ");
/** A fixed seed, so CI runs the same cases every time; FC_SEED tries others. */
const PROPERTY_RUNS = { numRuns: 400, seed: Number(process.env.FC_SEED ?? 20261126) };

const paramList = fc.oneof(
  // Unnamed: types only.
  fc.array(typeExpr, { maxLength: 4 }).map((ts) => ts),
  // Named, with grouping.
  fc
    .array(fc.tuple(fc.array(ident, { minLength: 1, maxLength: 3 }), typeExpr), { maxLength: 4 })
    .map((groups) => groups.map(([names, t]) => `${names.join(", ")} ${t}`)),
);

test("property: generated parameter lists read the same from text and tree", () => {
  fc.assert(
    fc.property(paramList, paramList, fc.boolean(), space, fc.boolean(), (params, results, variadic, ws, trailingComma) => {
      const ps = [...params];
      if (variadic && ps.length > 0) {
        const last = ps[ps.length - 1] as string;
        const m = /^(.*\s)(\S[\s\S]*)$/.exec(last);
        ps[ps.length - 1] = m ? `${m[1]}...${m[2]}` : `...${last}`;
      }
      const list = `(${ws}${ps.join(`,${ws}`)}${trailingComma && ps.length > 0 ? `,${ws === "" ? "" : "\n"}` : ""})`;
      const source = `package p\n\nfunc F${list} (${results.join(", ")}) {}\n\ntype S struct {\n${ps.map((p) => `\t${p.replace("...", "")}`).join("\n")}\n}\n`;
      expectSameReading(source);
    }),
    PROPERTY_RUNS,
  );
});

const field = fc.oneof(
  fc.tuple(fc.array(ident, { minLength: 1, maxLength: 3 }), typeExpr).map(([names, t]) => `${names.join(", ")} ${t}`),
  fc.constantFrom("Base", "*Base", "other.Thing", "*other.Thing", "G[int]", "*pkg.G[K, V]"),
  fc.constantFrom("", ' `json:"x"`', ' "tag"', " // note", " /* block */"),
);

test("property: generated struct bodies read the same from text and tree", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(field, fc.constantFrom("", ' `json:"x,omitempty"`', " // trailing")), { maxLength: 6 }), fc.constantFrom("\n", "; "), (fields, sep) => {
      const body = fields.map(([f, tail]) => `\t${f}${f.startsWith(" ") || f === "" ? "" : tail}`).join(sep === "\n" ? "\n" : "; ");
      expectSameReading(`package p\n\ntype S struct {\n${body}\n}\n\nvar V struct{ ${fields.length > 0 ? "a int; B" : ""} }\n`);
    }),
    PROPERTY_RUNS,
  );
});
