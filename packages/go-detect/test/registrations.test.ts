// Registrations: statement-level calls of imported functions in `func init()` bodies, e.g.
// the Functions Framework's `functions.HTTP("Hello", hello)`, read as data for a signature.
import type { RegistrationArg } from "../src";
import { MAX_INIT_BODY_BYTES } from "../src/bodies";
import { MAX_NESTING } from "../src/syntax";
import { testPackages } from "./packages";

const go = testPackages();
const FF = "github.com/GoogleCloudPlatform/functions-framework-go/functions";

/** An argument without the func's full signature, for short expectations. */
const brief = (a: RegistrationArg) => (a.kind === "func" ? { kind: a.kind, name: a.name, line: a.func.line, params: a.func.params.map((p) => p.text) } : a);

describe("registrations in init()", () => {
  test("a string literal and a named unexported func, declared in another file", async () => {
    const pkg = await go.load({
      "register.go": `package hello\n\nimport "${FF}"\n\nfunc init() {\n\tfunctions.HTTP("HelloHTTP", helloHTTP)\n}\n`,
      "hello.go": 'package hello\n\nimport "net/http"\n\nfunc helloHTTP(w http.ResponseWriter, r *http.Request) {}\n',
    });
    expect(pkg.registrations).toHaveLength(1);
    const [registration] = pkg.registrations;
    expect(registration).toMatchObject({
      callee: { importPath: FF, name: "HTTP", text: "functions.HTTP" },
      file: "register.go",
      line: 6,
      position: "register.go:6",
    });
    expect(registration?.args.map(brief)).toEqual([
      { kind: "string", value: "HelloHTTP", text: '"HelloHTTP"' },
      { kind: "func", name: "helloHTTP", line: 5, params: ["http.ResponseWriter", "*http.Request"] },
    ]);
    const func = registration?.args[1];
    expect(func?.kind === "func" && func.func.params[1]).toEqual({ importPath: "net/http", name: "Request", pointer: true, variadic: false, text: "*http.Request" });
    expect(pkg.files.find((f) => f.name === "register.go")?.registrations).toEqual(pkg.registrations);
    // init is explained, and helloHTTP is still no candidate (not exported).
    expect(pkg.funcs).toEqual([]);
    expect(pkg.files.flatMap((f) => f.ignored.map((d) => [d.name, d.reason]))).toEqual([
      ["helloHTTP", "not exported"],
      ["init", "a package initialiser (its calls are read as registrations)"],
    ]);
  });

  test("closures, method values, qualified funcs, non-literal names and other expressions", async () => {
    const pkg = await go.load({
      "fn.go": [
        "package fn",
        "",
        "import (",
        '\t"context"',
        '\t"fmt"',
        `\tff "${FF}"`,
        '\t"example.com/handlers"',
        ")",
        "",
        'const name = "Const"',
        "",
        "type H struct{}",
        "",
        "var h H",
        "",
        "func init() {",
        "\tff.CloudEvent(\"Closure\", func(ctx context.Context, e any) error {",
        "\t\treturn nil",
        "\t})",
        '\tff.HTTP("Method", h.ServeHTTP)',
        '\tff.HTTP("Qualified", handlers.Hello)',
        "\tff.HTTP(name, hello)",
        '\tff.HTTP(fmt.Sprintf("%s", "x"), (hello))',
        '\tff.HTTP("A"+"B", &H{})',
        "\tff.HTTP(names...)",
        "}",
        "",
        "func hello() {}",
      ].join("\n"),
    });
    expect(pkg.registrations.map((r) => [r.line, r.args.map((a) => [a.kind, a.text])])).toEqual([
      [
        17,
        [
          ["string", '"Closure"'],
          ["closure", "func(ctx context.Context, e any) error { return nil }"],
        ],
      ],
      [
        20,
        [
          ["string", '"Method"'],
          ["selector", "h.ServeHTTP"],
        ],
      ],
      [
        21,
        [
          ["string", '"Qualified"'],
          ["qualified", "handlers.Hello"],
        ],
      ],
      [
        22,
        [
          ["identifier", "name"],
          ["func", "hello"],
        ],
      ],
      [
        23,
        [
          ["expression", 'fmt.Sprintf("%s", "x")'],
          ["func", "(hello)"],
        ],
      ],
      [
        24,
        [
          ["expression", '"A"+"B"'],
          ["expression", "&H{}"],
        ],
      ],
      [25, [["expression", "names..."]]],
    ]);
    expect(pkg.registrations[2]?.args[1]).toEqual({ kind: "qualified", importPath: "example.com/handlers", name: "Hello", text: "handlers.Hello" });
  });

  test("several registrations, several inits, in file and line order; string escapes and raw strings", async () => {
    const pkg = await go.load({
      "a.go": `package fn\n\nimport "${FF}"\n\nfunc init() {\n\tfunctions.HTTP("One", one)\n\tfunctions.HTTP(\`Two\`, two)\n}\n\nfunc init() { functions.HTTP("Caf\\u00e9\\x21", one) }\n\nfunc one() {}\nfunc two() {}\n`,
      "b.go": `package fn\n\nimport "${FF}"\n\nfunc init() {\n\tfunctions.CloudEvent("Three", Three)\n}\n\nfunc Three() {}\n`,
    });
    expect(pkg.registrations.map((r) => [r.position, r.callee.name, r.args[0]?.kind === "string" ? r.args[0].value : undefined, r.args[1]?.kind])).toEqual([
      ["a.go:6", "HTTP", "One", "func"],
      ["a.go:7", "HTTP", "Two", "func"],
      ["a.go:10", "HTTP", "Café!", "func"],
      ["b.go:6", "CloudEvent", "Three", "func"],
    ]);
  });

  test("an init in a file excluded by build tags is not read", async () => {
    const pkg = await go.load({
      "fn.go": `package fn\n\nimport "${FF}"\n\nfunc init() { functions.HTTP("Linux", handler) }\n\nfunc handler() {}\n`,
      "other.go": `//go:build windows\n\npackage fn\n\nimport "${FF}"\n\nfunc init() { functions.HTTP("Windows", handler) }\n`,
      "fn_darwin.go": `package fn\n\nimport "${FF}"\n\nfunc init() { functions.HTTP("Darwin", handler) }\n`,
    });
    expect(pkg.skipped.map((s) => s.name).sort()).toEqual(["fn_darwin.go", "other.go"]);
    expect(pkg.registrations.map((r) => r.args[0]?.text)).toEqual(['"Linux"']);
  });

  test("only statement-level calls of imported functions count", async () => {
    const pkg = await go.load({
      "fn.go": [
        "package fn",
        "",
        `import "${FF}"`,
        "",
        "func init() {",
        "\tif true {",
        '\t\tfunctions.HTTP("Nested", handler)',
        "\t}",
        '\tmux.Handle("/", handler)',
        '\t_ = functions.HTTP("Assigned", handler)',
        '\tdefer functions.HTTP("Deferred", handler)',
        '\tlocal("x", handler)',
        '\tfunctions.HTTP("Top", handler)',
        "}",
        "",
        "func (t T) init() { functions.HTTP(\"Method\", handler) }",
        "func notInit() { functions.HTTP(\"Other\", handler) }",
        "",
        "func handler() {}",
      ].join("\n"),
    });
    expect(pkg.registrations.map((r) => r.args[0]?.text)).toEqual(['"Top"']);
  });

  test("a call in an if statement's initializer counts (calls that return an error are written so); its blocks do not", async () => {
    const FUNCFRAMEWORK = "github.com/GoogleCloudPlatform/functions-framework-go/funcframework";
    const pkg = await go.load({
      "fn.go": [
        "package fn",
        "",
        `import "${FUNCFRAMEWORK}"`,
        "",
        "func init() {",
        '\tif err := funcframework.RegisterHTTPFunctionContext(ctx, "/", handler); err != nil {',
        '\t\tfuncframework.RegisterHTTPFunction("/inner", handler)',
        "\t}",
        '\tif err = funcframework.RegisterEventFunctionContext(ctx, "/e", handler); err != nil {',
        "\t}",
        '\tif a, b := funcframework.Two("/x", handler), 1; a != b {',
        "\t}",
        "\tif ok := true; ok {",
        "\t}",
        "}",
        "",
        "func handler() {}",
      ].join("\n"),
    });
    expect(pkg.registrations.map((r) => [r.callee.name, r.line, r.args.length])).toEqual([
      ["RegisterHTTPFunctionContext", 6, 3],
      ["RegisterEventFunctionContext", 9, 3],
    ]);
  });

  test("a syntax error in an init body hides its calls only", async () => {
    const pkg = await go.load({
      "fn.go": [
        "package fn",
        "",
        `import "${FF}"`,
        "",
        "func init() {",
        '\tfunctions.HTTP("Broken", handler',
        "}",
        "",
        'func init() { functions.HTTP("Fine", handler) }',
        "",
        "func Handler() {}",
        "func handler() {}",
      ].join("\n"),
    });
    expect(pkg.registrations.map((r) => r.args[0]?.text)).toEqual(['"Fine"']);
    expect(pkg.files[0]?.ignored).toContainEqual({ name: "init", file: "fn.go", line: 5, reason: "syntax error in the body: its calls are not read" });
    expect(pkg.funcs.map((f) => f.name)).toEqual(["Handler"]);
  });

  test("an oversized or too deeply nested init body is not read; the rest of the file is", async () => {
    const filler = `\tvar _ = []int{${"1, ".repeat(MAX_INIT_BODY_BYTES / 3)}}\n`;
    const big = await go.load({
      "fn.go": `package fn\n\nimport "${FF}"\n\nfunc init() {\n\tfunctions.HTTP("Big", Handler)\n${filler}}\n\nfunc Handler() {}\n`,
    });
    expect(big.registrations).toEqual([]);
    expect(big.files[0]?.ignored).toContainEqual({ name: "init", file: "fn.go", line: 5, reason: `body over ${MAX_INIT_BODY_BYTES} bytes: its calls are not read` });
    expect(big.funcs.map((f) => f.name)).toEqual(["Handler"]);

    const deep = await go.load({
      "fn.go": `package fn\n\nimport "${FF}"\n\nfunc init() {\n\tfunctions.HTTP("Deep", Handler)\n\tx := ${"f(".repeat(MAX_NESTING + 1)}${")".repeat(MAX_NESTING + 1)}\n}\n\nfunc Handler() {}\n`,
    });
    expect(deep.registrations).toEqual([]);
    expect(deep.files[0]?.ignored).toContainEqual({ name: "(declaration)", file: "fn.go", line: 5, reason: `brackets nested over ${MAX_NESTING} deep, not read` });
    expect(deep.funcs.map((f) => f.name)).toEqual(["Handler"]);
  });
});
