import { join } from "node:path";
import { type FunctionTarget, isLinked, linkerSymbol, renderMain, servingFunction, writeGeneratedPackage } from "../src";
import { copyFixture, go, gofmtUnformatted, removeDir, startServer } from "../src/testing";
import { testServer } from "./adapter";

// An unexported func of the user's package (a function registered in init()) is reached with
// //go:linkname: the generated main declares a body-less func of its type named after the
// user's func's linker symbol. These tests build it with the real toolchain, and show why only
// plain top-level funcs can be linked to.
jest.setTimeout(120_000);
const modulePath = "example.com/linked.v2";
const importPath = `${modulePath}/fn.v1`;
const target = (name: string): FunctionTarget => ({ modulePath, importPath, name, position: "fn.v1/fn.go:18" });

describe("linkerSymbol", () => {
  it.each([
    ["example.com/hello", "example.com/hello.helloHTTP"],
    // A dot after the last slash is escaped; dots before it are not.
    ["example.com/linked.v2/fn.v1", "example.com/linked.v2/fn%2ev1.helloHTTP"],
    ["gopkg.in/yaml.v3", "gopkg.in/yaml%2ev3.helloHTTP"],
    ["hello.world", "hello%2eworld.helloHTTP"],
    ["example.com/é/%q", "example.com/%c3%a9/%25q.helloHTTP"],
  ])("%s", (path, symbol) => {
    expect(linkerSymbol(path, "helloHTTP")).toBe(symbol);
  });
});

describe("the generated main", () => {
  it("links only unexported funcs; exported ones, variables and instances are called by name", () => {
    expect(isLinked(target("hello"))).toBe(true);
    expect(isLinked(target("Hello"))).toBe(false);
    expect(isLinked(target("Ärger"))).toBe(false);
    expect(isLinked({ ...target("New"), instance: { methods: [] } })).toBe(false);
    expect(servingFunction(target("hello"))).toBe("linked_hello");
    expect(servingFunction(target("Hello"))).toBe("function.Hello");
  });

  it("imports the user's package blank (and unsafe), and declares the linked func after main", () => {
    const main = testServer(target("hello")).files.find((f) => f.path.endsWith("server/main.go"))?.content;
    expect(main).toContain('import (\n\t"net/http"\n\t_ "unsafe"\n\n\t_ "example.com/linked.v2/fn.v1"\n\t"example.com/linked.v2/fnpacks-generated/fnruntime"\n)\n');
    expect(main).toMatch(
      /\n\/\/ linked_hello is example\.com\/linked\.v2\/fn\.v1's unexported hello \(fn\.v1\/fn\.go:18\),\n.*\n\/\/\n\/\/go:linkname linked_hello example\.com\/linked\.v2\/fn%2ev1\.hello\nfunc linked_hello\(http\.ResponseWriter, \*http\.Request\)\n$/,
    );
  });

  it("needs the func's type to link to it", () => {
    expect(() => renderMain(target("hello"), { summary: "x", imports: [], body: "" })).toThrow(/hello is unexported: the main file needs its type/);
  });
});

describe("with the real toolchain", () => {
  let app: string;
  beforeEach(async () => {
    app = await copyFixture(join(__dirname, "fixtures"), "linked");
  });
  afterEach(() => removeDir(app));

  it("a func nothing in its package references links, is gofmt- and vet-clean, and serves after the package's init ran", async () => {
    await writeGeneratedPackage(app, testServer(target("hello")));
    expect(await gofmtUnformatted(app, "fnpacks-generated")).toBe("");
    await go(app, ["vet", "./fnpacks-generated/server"]);
    const binary = join(app, "server");
    await go(app, ["build", "-o", binary, "./fnpacks-generated/server"]);
    const server = await startServer(binary);
    try {
      expect(await (await fetch(server.url)).text()).toBe("hello from an unexported func, init ran: true\n");
    } finally {
      await server.kill();
    }
  });

  it("a generic func cannot be linked to: it has no symbol of its name (detection refuses it)", async () => {
    await writeGeneratedPackage(app, testServer(target("helloAny")));
    const failure = await go(app, ["build", "-o", join(app, "server"), "./fnpacks-generated/server"]).catch((e: { stderr?: string }) => e.stderr ?? "");
    expect(failure).toContain("relocation target example.com/linked.v2/fn%2ev1.helloAny not defined");
  });
});
