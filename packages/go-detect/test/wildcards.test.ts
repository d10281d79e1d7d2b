// Wildcards in type patterns: `{ any: "In" }` matches any type and binds it, so a typed
// signature such as MCP's tool handlers can be written as data.
import { type Equivalence, matchCandidates, matchFuncShape, type SignatureSpec, type TypePattern } from "../src";
import { testPackages } from "./packages";

const go = testPackages();
const MCP = "github.com/modelcontextprotocol/go-sdk/mcp";

const ctx: TypePattern = { importPath: "context", name: "Context" };
const err: TypePattern = { importPath: "", name: "error" };
const typedTool: SignatureSpec = {
  kind: "func",
  id: "tool",
  params: [ctx, { importPath: MCP, name: "CallToolRequest", pointer: true }, { any: "In" }],
  results: [{ importPath: MCP, name: "CallToolResult", pointer: true }, { any: "Out" }, err],
};

describe("wildcards", () => {
  test("a typed handler binds In and Out: as written and resolved, named or composite", async () => {
    const pkg = await go.load({
      "tools.go": [
        "package weather",
        "",
        "import (",
        '\t"context"',
        "",
        '\t"github.com/modelcontextprotocol/go-sdk/mcp"',
        '\tgeo "example.com/geo"',
        ")",
        "",
        "type ForecastIn struct{ City string }",
        "",
        "func Forecast(ctx context.Context, req *mcp.CallToolRequest, in ForecastIn) (*mcp.CallToolResult, map[string]any, error) {",
        "\treturn nil, nil, nil",
        "}",
        "func Locate(ctx context.Context, req *mcp.CallToolRequest, in *geo.Query) (*mcp.CallToolResult, any, error) {",
        "\treturn nil, nil, nil",
        "}",
        "func NotATool(ctx context.Context, in ForecastIn) error { return nil }",
      ].join("\n"),
    });
    const candidates = matchCandidates(pkg, [typedTool]);
    expect(candidates.map((c) => c.name)).toEqual(["Forecast", "Locate"]);
    expect(candidates[0]?.bindings).toEqual([
      { name: "In", type: { importPath: "", name: "ForecastIn", pointer: false, variadic: false, text: "ForecastIn" } },
      { name: "Out", type: { importPath: "", name: "", pointer: false, variadic: false, text: "map[string]any" } },
    ]);
    expect(candidates[1]?.bindings).toEqual([
      { name: "In", type: { importPath: "example.com/geo", name: "Query", pointer: true, variadic: false, text: "*geo.Query" } },
      { name: "Out", type: { importPath: "", name: "any", pointer: false, variadic: false, text: "any" } },
    ]);
  });

  test("a name used twice must bind the same type", async () => {
    const pkg = await go.load({
      "fn.go": [
        "package fn",
        "",
        "import (",
        '\tce "github.com/cloudevents/sdk-go/v2"',
        '\t"github.com/cloudevents/sdk-go/v2/event"',
        ")",
        "",
        "type Msg struct{}",
        "type Other struct{}",
        "",
        "func Same(x Msg) Msg { return x }",
        "func Different(x Msg) Other { return Other{} }",
        "func PointerAndValue(x Msg) *Msg { return nil }",
        "func SameComposite(x []int) []int { return x }",
        "func OtherComposite(x []int) []string { return nil }",
        "func Equivalent(e ce.Event) event.Event { return e }",
      ].join("\n"),
    });
    const echo: SignatureSpec = { kind: "func", id: "echo", params: [{ any: "T" }], results: [{ any: "T" }] };
    const sdk = "github.com/cloudevents/sdk-go/v2";
    const aliases: Equivalence[] = [
      [
        { importPath: sdk, name: "Event" },
        { importPath: `${sdk}/event`, name: "Event" },
      ],
    ];
    expect(matchCandidates(pkg, [echo]).map((c) => c.name)).toEqual(["Same", "SameComposite"]);
    expect(matchCandidates(pkg, [echo], aliases).map((c) => c.name)).toEqual(["Same", "SameComposite", "Equivalent"]);
    // Bound once, reported once, as first seen.
    expect(matchCandidates(pkg, [echo])[0]?.bindings).toEqual([{ name: "T", type: expect.objectContaining({ name: "Msg", text: "Msg" }) }]);
  });

  test("variadic: a wildcard matches a `...T` parameter only when it says so", async () => {
    const pkg = await go.load({ "fn.go": "package fn\n\nfunc Log(format string, args ...any) {}\nfunc Plain(format string, args []any) {}\n" });
    const str: TypePattern = { importPath: "", name: "string" };
    const variadic: SignatureSpec = { kind: "func", id: "variadic", params: [str, { any: "Arg", variadic: true }], results: [] };
    const plain: SignatureSpec = { kind: "func", id: "plain", params: [str, { any: "Arg" }], results: [] };
    expect(matchCandidates(pkg, [variadic]).map((c) => [c.name, c.bindings?.[0]?.type.text])).toEqual([["Log", "any"]]);
    expect(matchCandidates(pkg, [plain]).map((c) => [c.name, c.bindings?.[0]?.type.text])).toEqual([["Plain", "[]any"]]);
  });

  test("var specs take wildcards too", async () => {
    const pkg = await go.load({ "fn.go": 'package fn\n\nimport "net/http"\n\nvar Handler http.Handler\nvar Count int\n' });
    const spec: SignatureSpec = { kind: "var", id: "any-var", types: [{ any: "V" }] };
    expect(matchCandidates(pkg, [spec]).map((c) => [c.name, c.bindings?.[0]?.type.importPath, c.bindings?.[0]?.type.name])).toEqual([
      ["Handler", "net/http", "Handler"],
      ["Count", "", "int"],
    ]);
  });

  test("matchFuncShape checks any func the model holds, e.g. one a registration names", async () => {
    const pkg = await go.load({
      "fn.go": 'package fn\n\nimport "net/http"\n\nfunc hello(w http.ResponseWriter, r *http.Request) {}\n\nfunc init() { register("Hello", hello) }\n',
    });
    const shapes = [{ id: "http", params: [{ importPath: "net/http", name: "ResponseWriter" }, { importPath: "net/http", name: "Request", pointer: true }], results: [] }];
    // register is not qualified: not a registration. The func itself is still checkable.
    expect(pkg.registrations).toEqual([]);
    const withImport = await go.load({
      "fn.go": 'package fn\n\nimport (\n\t"net/http"\n\t"example.com/reg"\n)\n\nfunc hello(w http.ResponseWriter, r *http.Request) {}\n\nfunc init() { reg.Register("Hello", hello) }\n',
    });
    const arg = withImport.registrations[0]?.args[1];
    if (arg?.kind !== "func") throw new Error(`expected a func argument, got ${arg?.kind}`);
    expect(matchFuncShape(arg.func, shapes)?.shape.id).toBe("http");
    expect(matchFuncShape(arg.func, [{ id: "none", params: [], results: [] }])).toBeUndefined();
  });
});
