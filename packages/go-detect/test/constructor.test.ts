// Constructor specs: Knative Functions' instanced form (`func New() *T` whose method set has
// Handle, and maybe Start/Stop/Ready/Alive) described as data, as a signature would.
import { type ConstructorSpec, type FuncShape, matchCandidates, matchPackage, type SignatureSpec, type TypePattern } from "../src";
import { testPackages } from "./packages";

const go = testPackages();

const ctx: TypePattern = { importPath: "context", name: "Context" };
const err: TypePattern = { importPath: "", name: "error" };
const bool: TypePattern = { importPath: "", name: "bool" };
const w: TypePattern = { importPath: "net/http", name: "ResponseWriter" };
const r: TypePattern = { importPath: "net/http", name: "Request", pointer: true };

const handleShapes: FuncShape[] = [
  { id: "http", params: [w, r], results: [] },
  { id: "ctx-http", params: [ctx, w, r], results: [] },
];
const knative = (overrides: Partial<ConstructorSpec> = {}): ConstructorSpec => ({
  kind: "constructor",
  id: "instanced",
  name: "New",
  returns: "either",
  method: { name: "Handle", shapes: handleShapes },
  optionalMethods: [
    { name: "Start", shapes: [{ id: "start", params: [ctx, { any: "Cfg" }], results: [err] }] },
    { name: "Stop", shapes: [{ id: "stop", params: [ctx], results: [err] }] },
    { name: "Ready", shapes: [{ id: "ready", params: [ctx], results: [bool, err] }] },
    { name: "Alive", shapes: [{ id: "alive", params: [ctx], results: [bool, err] }] },
  ],
  ...overrides,
});

const HEADER = 'package function\n\nimport (\n\t"context"\n\t"net/http"\n)\n\nvar _ context.Context\nvar _ http.Handler\n';

describe("constructor specs", () => {
  test("New in one file returns a type declared in another; Handle and the optional methods are reported", async () => {
    const pkg = await go.load({
      "new.go": "package function\n\n// New makes the function.\nfunc New() *MyFunction { return &MyFunction{} }\n",
      "function.go": [
        HEADER,
        "type MyFunction struct{ calls int }",
        "",
        "func (f *MyFunction) Handle(w http.ResponseWriter, r *http.Request) {}",
        "func (f *MyFunction) Start(ctx context.Context, cfg map[string]string) error { return nil }",
        "func (f *MyFunction) Stop(ctx context.Context) error { return nil }",
        "func (f MyFunction) Ready(ctx context.Context) (bool, error) { return true, nil }",
        "func (f *MyFunction) Alive(ctx context.Context) bool { return true }",
      ].join("\n"),
    });
    const [candidate, ...rest] = matchCandidates(pkg, [knative()]);
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({
      specId: "instanced",
      name: "New",
      kind: "constructor",
      file: "new.go",
      line: 4,
      position: "new.go:4",
      signature: "func New() *MyFunction",
    });
    const instance = candidate?.instance;
    expect(instance?.type).toEqual({ name: "MyFunction", pointer: true, file: "function.go", line: 11 });
    expect(instance?.method).toEqual({
      name: "Handle",
      shapeId: "http",
      signature: "func (*MyFunction) Handle(http.ResponseWriter, *http.Request)",
      receiverType: "MyFunction",
      pointerReceiver: true,
      promotedVia: [],
      file: "function.go",
      line: 13,
    });
    expect(instance?.optionalMethods.map((m) => [m.name, m.shapeId, m.line])).toEqual([
      ["Start", "start", 14],
      ["Stop", "stop", 15],
      ["Ready", "ready", 16],
    ]);
    expect(instance?.optionalMethods[0]?.bindings).toEqual([
      { name: "Cfg", type: { importPath: "", name: "", pointer: false, variadic: false, text: "map[string]string" } },
    ]);
    expect(instance?.rejectedMethods).toEqual([
      {
        name: "Alive",
        signature: "func (*MyFunction) Alive(context.Context) bool",
        reason: "func (*MyFunction) Alive(context.Context) bool is none of the accepted shapes (alive)",
      },
    ]);
    expect(instance?.methodSetComplete).toBe(true);
    expect(candidate?.bindings).toBeUndefined();
  });

  test("a value constructor needs the method in T's set: a pointer receiver is a near miss that says why", async () => {
    const source = (receiver: string) =>
      `${HEADER}\ntype F struct{}\n\nfunc New() F { return F{} }\n\nfunc (f ${receiver}) Handle(w http.ResponseWriter, r *http.Request) {}\n`;
    expect(matchCandidates(await go.load({ "fn.go": source("F") }), [knative()]).map((c) => c.instance?.type)).toEqual([
      { name: "F", pointer: false, file: "fn.go", line: 11 },
    ]);
    const pointerReceiver = matchPackage(await go.load({ "fn.go": source("*F") }), [knative()]);
    expect(pointerReceiver.candidates).toEqual([]);
    expect(pointerReceiver.nearMisses).toEqual([
      {
        specId: "instanced",
        name: "New",
        file: "fn.go",
        line: 13,
        position: "fn.go:13",
        signature: "func New() F",
        reason: "F has no method Handle: declared with a pointer receiver (*F), so it is in *F's method set, not F's",
      },
    ]);
  });

  test("returns: pointer or value only", async () => {
    const pkg = await go.load({ "fn.go": `${HEADER}\ntype F struct{}\n\nfunc New() *F { return nil }\n\nfunc (f F) Handle(w http.ResponseWriter, r *http.Request) {}\n` });
    expect(matchCandidates(pkg, [knative({ returns: "pointer" })]).map((c) => c.name)).toEqual(["New"]);
    expect(matchPackage(pkg, [knative({ returns: "value" })]).nearMisses.map((n) => n.reason)).toEqual(["New returns *F; a value F is needed"]);
  });

  test("Handle promoted from an embedded struct declared in the package", async () => {
    const pkg = await go.load({
      "fn.go": `${HEADER}\ntype F struct{ *Base }\ntype Base struct{}\n\nfunc New() F { return F{&Base{}} }\n\nfunc (b *Base) Handle(ctx context.Context, w http.ResponseWriter, r *http.Request) {}\n`,
    });
    const [candidate] = matchCandidates(pkg, [knative()]);
    expect(candidate?.instance?.method).toMatchObject({ shapeId: "ctx-http", receiverType: "Base", promotedVia: ["Base"] });
  });

  test("an embedded type from another package: Handle declared on T still matches, with the set marked unknown", async () => {
    const pkg = await go.load({
      "fn.go": [
        HEADER,
        'import "example.com/sdk"',
        "",
        "type F struct {",
        "\tsdk.Base",
        "\tLocal",
        "}",
        "type Local struct{}",
        "",
        "func New() *F { return &F{} }",
        "func (f *F) Handle(w http.ResponseWriter, r *http.Request) {}",
        "func (l Local) Stop(ctx context.Context) error { return nil }",
      ].join("\n"),
    });
    const [candidate] = matchCandidates(pkg, [knative()]);
    expect(candidate?.instance).toMatchObject({
      optionalMethods: [],
      methodSetComplete: false,
      methodSetUnknownReason: "F embeds sdk.Base, declared in another package: what it promotes is not known",
    });
    // Without Handle on F itself, whether it has one cannot be known: no guess.
    const promotedOnly = await go.load({
      "fn.go": `${HEADER}\nimport "example.com/sdk"\n\ntype F struct {\n\tsdk.Base\n\tLocal\n}\ntype Local struct{}\n\nfunc New() *F { return nil }\nfunc (l Local) Handle(w http.ResponseWriter, r *http.Request) {}\n`,
    });
    expect(matchPackage(promotedOnly, [knative()])).toMatchObject({
      candidates: [],
      nearMisses: [{ name: "New", reason: "whether *F has a method Handle is not known: F embeds sdk.Base, declared in another package: what it promotes is not known" }],
    });
  });

  test("near misses of a func named New say what is wrong", async () => {
    const reasons = async (body: string) => matchPackage(await go.load({ "fn.go": `${HEADER}\n${body}\n` }), [knative()]).nearMisses.map((n) => n.reason);
    expect(await reasons("type F struct{}\nfunc New(name string) *F { return nil }")).toEqual(["New takes parameters; a constructor takes none"]);
    expect(await reasons("type F struct{}\nfunc New() (*F, error) { return nil, nil }")).toEqual(["New returns 2 results; a constructor returns one, *T or T"]);
    expect(await reasons("func New() *http.Server { return nil }")).toEqual(["New returns *http.Server, which is not a type declared in the package"]);
    expect(await reasons("type F struct{}\nfunc New() *F { return nil }")).toEqual(["*F has no method Handle"]);
    expect(await reasons("type F struct{}\nfunc New() *F { return nil }\nfunc (f *F) Handle(ctx context.Context) error { return nil }")).toEqual([
      "func (*F) Handle(context.Context) error is none of the accepted shapes (http, ctx-http)",
    ]);
  });

  test("a generic type is refused: New returns an instance, not a type declared in the package", async () => {
    const pkg = await go.load({ "fn.go": `${HEADER}\ntype G[K any] struct{}\n\nfunc New() *G[string] { return nil }\nfunc (g *G[K]) Handle(w http.ResponseWriter, r *http.Request) {}\n` });
    expect(matchPackage(pkg, [knative()])).toEqual({
      candidates: [],
      nearMisses: [expect.objectContaining({ reason: "New returns *G[string], which is not a type declared in the package" })],
    });
  });

  test("without a name any exported func of the form is a constructor; others are not near misses", async () => {
    const pkg = await go.load({
      "fn.go": `${HEADER}\ntype F struct{}\ntype Config struct{}\n\nfunc Make() *F { return nil }\nfunc Defaults() Config { return Config{} }\nfunc (f *F) Handle(w http.ResponseWriter, r *http.Request) {}\n`,
    });
    const { name: _, ...anyName } = knative();
    expect(matchPackage(pkg, [anyName])).toMatchObject({ candidates: [{ name: "Make", kind: "constructor" }], nearMisses: [] });
  });

  test("with func specs: each declaration is reported once, for the first spec it matches; func candidates are as before", async () => {
    const pkg = await go.load({
      "fn.go": `${HEADER}\ntype F struct{}\n\nfunc New() *F { return nil }\nfunc (f *F) Handle(w http.ResponseWriter, r *http.Request) {}\nfunc Handle(w http.ResponseWriter, r *http.Request) {}\n`,
    });
    const specs: SignatureSpec[] = [{ kind: "func", id: "handler-func", params: [w, r], results: [] }, knative()];
    const candidates = matchCandidates(pkg, specs);
    expect(candidates.map((c) => [c.specId, c.name, c.kind])).toEqual([
      ["instanced", "New", "constructor"],
      ["handler-func", "Handle", "func"],
    ]);
    expect(candidates[1]).toEqual({
      specId: "handler-func",
      name: "Handle",
      kind: "func",
      file: "fn.go",
      line: 15,
      position: "fn.go:15",
      signature: "func Handle(http.ResponseWriter, *http.Request)",
    });
  });
});
