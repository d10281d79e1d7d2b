// Methods, types and method sets: what Go's rules give, from what the package declares.
import { lookupMethod, methodSetOf } from "../src";
import { testPackages } from "./packages";

const go = testPackages();
const names = (set: { methods: { name: string }[] }) => set.methods.map((m) => m.name).sort();

describe("methods and types in the model", () => {
  test("methods on value and pointer receivers, with params resolved through the file's imports", async () => {
    const pkg = await go.load({
      "fn.go": [
        "package fn",
        "",
        'import h "net/http"',
        "",
        "type F struct{ name string }",
        "",
        "func (f *F) Handle(w h.ResponseWriter, r *h.Request) {}",
        "func (f F) Name() string { return f.name }",
        "func (F) Anonymous(a, b int) (int, error) { return 0, nil }",
        "func (f *F) lower() {}",
      ].join("\n"),
    });
    expect(pkg.methods.map((m) => [m.receiverType, m.pointerReceiver, m.name, m.line])).toEqual([
      ["F", true, "Handle", 7],
      ["F", false, "Name", 8],
      ["F", false, "Anonymous", 9],
      ["F", true, "lower", 10],
    ]);
    expect(pkg.methods[0]?.params).toEqual([
      { importPath: "net/http", name: "ResponseWriter", pointer: false, variadic: false, text: "h.ResponseWriter" },
      { importPath: "net/http", name: "Request", pointer: true, variadic: false, text: "*h.Request" },
    ]);
    expect(pkg.methods[2]?.params.map((p) => p.name)).toEqual(["int", "int"]);
    expect(pkg.methods[2]?.results.map((p) => p.name)).toEqual(["int", "error"]);
    // Methods still explain themselves as non-candidates.
    expect(pkg.files[0]?.ignored).toContainEqual({ name: "Handle", file: "fn.go", line: 7, reason: "method (has a receiver)" });
  });

  test("struct fields and embedded fields: name, pointer, from another package", async () => {
    const pkg = await go.load({
      "fn.go": [
        "package fn",
        "",
        'import "example.com/other"',
        "",
        "type T struct {",
        "\tBase",
        "\t*Ptr",
        "\tother.Thing `json:\"thing\"`",
        "\t*other.PtrThing",
        "\ta, b int // two",
        "\tcb func(x, y int) (int, error)",
        "\tnested struct {",
        "\t\tInner",
        "\t}",
        "}",
        "type Base struct{}",
        "type Ptr struct{}",
        "type Inner struct{}",
      ].join("\n"),
    });
    const t = pkg.types.find((x) => x.name === "T");
    expect(t).toMatchObject({ kind: "struct", file: "fn.go", line: 5, generic: false, fields: ["a", "b", "cb", "nested"] });
    expect(t?.embedded.map((e) => [e.type.importPath, e.type.name, e.type.pointer, e.type.text, e.line])).toEqual([
      ["", "Base", false, "Base", 6],
      ["", "Ptr", true, "*Ptr", 7],
      ["example.com/other", "Thing", false, "other.Thing", 8],
      ["example.com/other", "PtrThing", true, "*other.PtrThing", 9],
    ]);
  });

  test("interfaces, defined types, generic types and other types", async () => {
    const pkg = await go.load({
      "fn.go": [
        "package fn",
        "",
        'import "io"',
        "",
        "type I interface {",
        "\tio.Reader",
        "\tJ",
        "\tM(x int) error",
        "}",
        "type J interface{ N() }",
        "type Number interface{ ~int | ~float64 }",
        "type D I",
        "type G[K comparable] struct{ m map[K]int }",
        "type Fn func() error",
      ].join("\n"),
    });
    const byName = Object.fromEntries(pkg.types.map((t) => [t.name, t]));
    expect(byName.I).toMatchObject({ kind: "interface", interfaceMethods: [{ name: "M", line: 8 }] });
    expect(byName.I?.embedded.map((e) => [e.type.importPath, e.type.name])).toEqual([
      ["io", "Reader"],
      ["", "J"],
    ]);
    expect(byName.Number).toMatchObject({ kind: "interface", constraint: true });
    expect(byName.D).toMatchObject({ kind: "defined", definedFrom: { importPath: "", name: "I" } });
    expect(byName.G).toMatchObject({ kind: "struct", generic: true });
    expect(byName.Fn).toMatchObject({ kind: "other" });
  });

  test("a receiver written through a local alias belongs to the aliased type", async () => {
    const pkg = await go.load({ "fn.go": "package fn\n\ntype T struct{}\ntype A = T\n\nfunc (a *A) M() {}\n" });
    expect(pkg.methods.map((m) => [m.receiverType, m.name])).toEqual([["T", "M"]]);
    expect(names(methodSetOf(pkg, "T", true))).toEqual(["M"]);
  });
});

describe("method sets", () => {
  const pkg = () =>
    go.load({
      "fn.go": [
        "package fn",
        "",
        "type T struct{}",
        "",
        "func (t T) Value()    {}",
        "func (t *T) Pointer() {}",
      ].join("\n"),
    });

  test("value receivers are in T's and *T's sets; pointer receivers only in *T's", async () => {
    const p = await pkg();
    const value = methodSetOf(p, "T", false);
    const pointer = methodSetOf(p, "T", true);
    expect(names(value)).toEqual(["Value"]);
    expect(names(pointer)).toEqual(["Pointer", "Value"]);
    expect(value.complete && pointer.complete).toBe(true);
    expect(lookupMethod(value, "Pointer")).toEqual({
      kind: "excluded",
      reason: "declared with a pointer receiver (*T), so it is in *T's method set, not T's",
    });
    expect(lookupMethod(value, "Missing")).toEqual({ kind: "absent" });
    expect(value.of).toBe("T");
    expect(pointer.of).toBe("*T");
  });

  test("methods of embedded structs declared in the package are promoted, as in Go", async () => {
    const p = await go.load({
      "a.go": [
        "package fn",
        "",
        "type Outer struct {",
        "\tMiddle",
        "\t*ByPointer",
        "}",
        "",
        "func (o *Outer) Own() {}",
      ].join("\n"),
      "b.go": [
        "package fn",
        "",
        "type Middle struct{ Inner }",
        "type Inner struct{}",
        "type ByPointer struct{}",
        "",
        "func (m Middle) MiddleValue()      {}",
        "func (i Inner) InnerValue()        {}",
        "func (i *Inner) InnerPointer()     {}",
        "func (b *ByPointer) ThroughPointer() {}",
      ].join("\n"),
    });
    // Outer embeds Middle by value: Inner's pointer method needs *Outer; *ByPointer's is always there.
    expect(names(methodSetOf(p, "Outer", false))).toEqual(["InnerValue", "MiddleValue", "ThroughPointer"]);
    const pointer = methodSetOf(p, "Outer", true);
    expect(names(pointer)).toEqual(["InnerPointer", "InnerValue", "MiddleValue", "Own", "ThroughPointer"]);
    expect(pointer.complete).toBe(true);
    const innerPointer = pointer.methods.find((m) => m.name === "InnerPointer");
    expect(innerPointer).toMatchObject({ receiverType: "Inner", pointerReceiver: true, promotedVia: ["Middle", "Inner"], file: "b.go", line: 9 });
    expect(lookupMethod(methodSetOf(p, "Outer", false), "InnerPointer")).toMatchObject({ kind: "excluded" });
  });

  test("the shallowest depth wins; two at the same depth cancel out; a field hides a method", async () => {
    const p = await go.load({
      "fn.go": [
        "package fn",
        "",
        "type T struct {",
        "\tA",
        "\tB",
        "\tHidden int",
        "}",
        "type A struct{ C }",
        "type B struct{ C }",
        "type C struct{}",
        "type H struct{}",
        "",
        "func (t T) Shadowed()  {}",
        "func (a A) Shadowed()  {}",
        "func (a A) Both()      {}",
        "func (b B) Both()      {}",
        "func (c C) ViaTwo()    {}",
        "func (a A) Hidden()    {}",
      ].join("\n"),
    });
    const set = methodSetOf(p, "T", true);
    expect(names(set)).toEqual(["Shadowed"]);
    expect(set.methods[0]).toMatchObject({ receiverType: "T", promotedVia: [] });
    expect(lookupMethod(set, "Both")).toEqual({ kind: "excluded", reason: "ambiguous: T.A and T.B both have Both at the same depth" });
    expect(lookupMethod(set, "ViaTwo")).toEqual({ kind: "excluded", reason: "ambiguous: T embeds C along two paths of the same depth" });
    expect(lookupMethod(set, "Hidden")).toEqual({ kind: "absent" });
  });

  test("an embedded type from another package makes the method set unknown, and says so", async () => {
    const p = await go.load({
      "fn.go": [
        "package fn",
        "",
        'import "example.com/sdk"',
        "",
        "type T struct {",
        "\tsdk.Base",
        "\tLocal",
        "}",
        "type Local struct{}",
        "",
        "func (t *T) Own()   {}",
        "func (l Local) Up() {}",
      ].join("\n"),
    });
    const set = methodSetOf(p, "T", true);
    expect(set.complete).toBe(false);
    expect(set.unknownReason).toBe("T embeds sdk.Base, declared in another package: what it promotes is not known");
    // T's own methods are certain; what Local promotes could clash with sdk.Base at the same depth.
    expect(names(set)).toEqual(["Own"]);
    expect(lookupMethod(set, "Up")).toEqual({ kind: "unknown", reason: set.unknownReason });
    expect(lookupMethod(set, "Own")).toMatchObject({ kind: "found" });
  });

  test("a deeper embedded type from another package leaves shallower promotions certain", async () => {
    const p = await go.load({
      "fn.go": [
        "package fn",
        "",
        'import "example.com/sdk"',
        "",
        "type T struct{ Mid }",
        "type Mid struct{ sdk.Base }",
        "",
        "func (m Mid) FromMid() {}",
      ].join("\n"),
    });
    const set = methodSetOf(p, "T", false);
    expect(names(set)).toEqual(["FromMid"]);
    expect(set).toMatchObject({ complete: false, unknownReason: "T.Mid embeds sdk.Base, declared in another package: what it promotes is not known" });
  });

  test("generic receiver types are refused with a reason", async () => {
    const p = await go.load({
      "fn.go": ["package fn", "", "type G[K comparable] struct{}", "", "func (g *G[K]) Handle() {}", "func New() *G[string] { return nil }"].join("\n"),
    });
    expect(p.methods).toEqual([]);
    expect(p.files[0]?.ignored).toContainEqual({
      name: "Handle",
      file: "fn.go",
      line: 5,
      reason: "method of a generic type (g *G[K]): generic types are not supported",
    });
    expect(methodSetOf(p, "G", true)).toMatchObject({ complete: false, unknownReason: "G is generic: generic types are not supported" });
  });

  test("a syntax error in one method hides only that method", async () => {
    const p = await go.load({
      "fn.go": [
        "package fn",
        "",
        'import "context"',
        "",
        "type F struct{}",
        "",
        "func (f *F) Start(ctx context.Context) error { return nil }",
        "",
        "func (f *F) Stop(ctx context.Context error { return nil }",
        "",
        "func (f *F) Alive(ctx context.Context) (bool, error) { return true, nil }",
        "",
        "func New() *F { return &F{} }",
      ].join("\n"),
    });
    expect(p.methods.map((m) => m.name)).toEqual(["Start", "Alive"]);
    expect(p.funcs.map((f) => f.name)).toEqual(["New"]);
    expect(p.files[0]?.ignored).toContainEqual({ name: "Stop", file: "fn.go", line: 9, reason: "syntax error in the signature", receiver: "F" });
    const set = methodSetOf(p, "F", true);
    expect(names(set)).toEqual(["Alive", "Start"]);
    expect(set.complete).toBe(true);
    expect(lookupMethod(set, "Stop")).toEqual({ kind: "excluded", reason: "its declaration (fn.go:9) has a syntax error" });
  });

  test("interfaces: their own methods, embedded ones, error; a pointer to an interface has none", async () => {
    const p = await go.load({
      "fn.go": [
        "package fn",
        "",
        'import "io"',
        "",
        "type Handler interface {",
        "\tHandle() error",
        "\tCloser",
        "\terror",
        "}",
        "type Closer interface{ Close() }",
        "type WithReader interface {",
        "\tio.Reader",
        "\tOwn()",
        "}",
        "type S struct{ Handler }",
      ].join("\n"),
    });
    expect(names(methodSetOf(p, "Handler", false))).toEqual(["Close", "Error", "Handle"]);
    expect(methodSetOf(p, "Handler", true)).toMatchObject({ methods: [], complete: true });
    const reader = methodSetOf(p, "WithReader", false);
    expect(names(reader)).toEqual(["Own"]);
    expect(reader).toMatchObject({ complete: false, unknownReason: "WithReader embeds io.Reader, declared in another package: its methods are not known" });
    const s = methodSetOf(p, "S", false);
    expect(names(s)).toEqual(["Close", "Error", "Handle"]);
    expect(s.methods.find((m) => m.name === "Handle")).toMatchObject({ receiverType: "Handler", promotedVia: ["Handler"] });
  });

  test("defined types keep the fields (and what they promote) but not the methods of their base", async () => {
    const p = await go.load({
      "fn.go": [
        "package fn",
        "",
        'import "example.com/sdk"',
        "",
        "type Base struct{ Inner }",
        "type Inner struct{}",
        "type Derived Base",
        "type Foreign sdk.Thing",
        "type Number int",
        "",
        "func (b Base) BaseOnly()    {}",
        "func (i Inner) Promoted()   {}",
        "func (d Derived) Own()      {}",
        "func (f Foreign) Declared() {}",
        "func (n Number) String() string { return \"\" }",
      ].join("\n"),
    });
    expect(names(methodSetOf(p, "Derived", false))).toEqual(["Own", "Promoted"]);
    expect(methodSetOf(p, "Number", false)).toMatchObject({ complete: true, methods: [{ name: "String" }] });
    const foreign = methodSetOf(p, "Foreign", false);
    expect(names(foreign)).toEqual(["Declared"]);
    expect(foreign).toMatchObject({ complete: false, unknownReason: "Foreign is defined from sdk.Thing, declared in another package: its fields are not known" });
  });

  test("cycles through pointers end; embedding deeper than the guard is unknown", async () => {
    const cycle = await go.load({
      "fn.go": "package fn\n\ntype A struct{ *B }\ntype B struct{ *A }\n\nfunc (a *A) FromA() {}\nfunc (b *B) FromB() {}\n",
    });
    // As go/types says: A's own FromA (pointer receiver) is found first and hides the one via B.
    expect(names(methodSetOf(cycle, "A", false))).toEqual(["FromB"]);
    expect(names(methodSetOf(cycle, "A", true))).toEqual(["FromA", "FromB"]);
    const chain = Array.from({ length: 20 }, (_, i) => `type L${i} struct{ L${i + 1} }`).join("\n");
    const deep = await go.load({ "fn.go": `package fn\n\n${chain}\ntype L20 struct{}\n\nfunc (l L20) Bottom() {}\nfunc (l L1) Top() {}\n` });
    const set = methodSetOf(deep, "L0", false);
    expect(names(set)).toEqual(["Top"]);
    expect(set).toMatchObject({ complete: false, unknownReason: "L0 embeds types more than 16 levels deep" });
  });

  test("a type the package does not declare has an unknown method set", async () => {
    expect(methodSetOf(await go.load({ "fn.go": "package fn\n" }), "Nowhere", true)).toMatchObject({
      complete: false,
      unknownReason: "Nowhere is not declared in the package",
    });
  });
});
