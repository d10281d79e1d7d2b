import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GoModError, modulePathProblem, parseGoMod, parseVendorModules, readGoMod } from "../src";

const GO_MOD = `// A comment before the module directive.
module example.com/hello // trailing comment

go 1.22.1

toolchain go1.23.4

require github.com/cloudevents/sdk-go/v2 v2.16.0

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/json-iterator/go v1.1.12 // indirect; some note
	"github.com/quoted/mod" v0.1.0
	golang.org/x/net v0.30.0 // direct, says the comment
)

replace github.com/google/uuid => ../uuid

replace (
	golang.org/x/net v0.30.0 => golang.org/x/net v0.31.0
)

exclude golang.org/x/net v0.29.0

retract [v1.0.0, v1.0.5]

godebug default=go1.21
`;

describe("parseGoMod", () => {
  test("reads module, go, toolchain, requires (with indirect) and replaces", () => {
    const mod = parseGoMod(GO_MOD);
    expect(mod.modulePath).toBe("example.com/hello");
    expect(mod.goVersion).toBe("1.22.1");
    expect(mod.toolchain).toBe("go1.23.4");
    expect(mod.requires).toEqual([
      { path: "github.com/cloudevents/sdk-go/v2", version: "v2.16.0", indirect: false },
      { path: "github.com/google/uuid", version: "v1.6.0", indirect: true },
      { path: "github.com/json-iterator/go", version: "v1.1.12", indirect: true },
      { path: "github.com/quoted/mod", version: "v0.1.0", indirect: false },
      { path: "golang.org/x/net", version: "v0.30.0", indirect: false },
    ]);
    expect(mod.replaces).toEqual([
      { oldPath: "github.com/google/uuid", newPath: "../uuid" },
      { oldPath: "golang.org/x/net", oldVersion: "v0.30.0", newPath: "golang.org/x/net", newVersion: "v0.31.0" },
    ]);
  });

  test("a minimal go.mod: module only, quoted, with CRLF and BOM", () => {
    const mod = parseGoMod('\uFEFFmodule "hello"\r\n');
    expect(mod).toMatchObject({ modulePath: "hello", goVersion: undefined, toolchain: undefined, requires: [], replaces: [] });
  });

  test("one-line blocks", () => {
    expect(parseGoMod("module m\nrequire ( a.com/b v1.0.0 )\n").requires).toEqual([
      { path: "a.com/b", version: "v1.0.0", indirect: false },
    ]);
  });

  test.each([
    ["module example.com/has space\n", 1, /usage: module/],
    ["\n\nmodule example.com/a b\n", 3, /usage: module/],
    ["// nothing\n", undefined, /no module directive/],
    ["module a\nmodule b\n", 2, /repeated module directive/],
    ["module a\ngo one.two\n", 2, /invalid go version/],
    ["module a\nrequire x\n", 2, /usage: require/],
    ["module a\nreplace x\n", 2, /usage: replace/],
  ])("rejects %j at line %s", (text, line, message) => {
    let error: unknown;
    try {
      parseGoMod(text, "/app/go.mod");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GoModError);
    expect((error as GoModError).line).toBe(line);
    expect((error as GoModError).message).toMatch(message);
    expect((error as GoModError).message).toMatch(line === undefined ? /^\/app\/go\.mod: / : new RegExp(`^/app/go\\.mod:${line}: `));
  });

  test.each([
    "example.com/hello\"; import \"os",
    "example.com/héllo",
    "example.com//hello",
    "/example.com",
    "example.com/",
    "-example.com",
    "example.com/../x",
    "example.com/.hidden",
    "example.com/com1",
    "example.com/x~1",
    "example.com/a b",
    "example.com/a`b",
    "example.com/a\\b",
  ])("the module path %j is invalid, with the file and line in the message", (path) => {
    expect(modulePathProblem(path)).toBeDefined();
    expect(() => parseGoMod(`// header\nmodule ${JSON.stringify(path)}\n`, "go.mod")).toThrow(/^go\.mod:2: invalid module path/);
  });

  test.each(["hello", "example.com/hello", "github.com/Org/Repo/v2", "gopkg.in/yaml.v3", "example.com/a_b-c~d.e"])(
    "the module path %j is valid",
    (path) => {
      expect(modulePathProblem(path)).toBeUndefined();
      expect(parseGoMod(`module ${path}\n`).modulePath).toBe(path);
    },
  );
});

describe("vendor/modules.txt", () => {
  test("modules, versions, replacements, explicit markers and packages", () => {
    const modules = parseVendorModules(
      [
        "# github.com/cloudevents/sdk-go/v2 v2.16.0",
        "## explicit; go 1.18",
        "github.com/cloudevents/sdk-go/v2",
        "github.com/cloudevents/sdk-go/v2/event",
        "# example.com/local v0.0.0 => ./local",
        "example.com/local",
        "# example.com/unused v1.0.0",
        "## go 1.20",
        "",
      ].join("\n"),
    );
    expect(modules).toEqual([
      {
        path: "github.com/cloudevents/sdk-go/v2",
        version: "v2.16.0",
        explicit: true,
        packages: ["github.com/cloudevents/sdk-go/v2", "github.com/cloudevents/sdk-go/v2/event"],
      },
      { path: "example.com/local", version: "v0.0.0", replacement: "./local", explicit: false, packages: ["example.com/local"] },
      { path: "example.com/unused", version: "v1.0.0", explicit: false, packages: [] },
    ]);
  });
});

describe("readGoMod", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "go-detect-gomod-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("undefined without go.mod", () => {
    expect(readGoMod(dir)).toBeUndefined();
  });

  test("reads go.mod and the vendor listing", () => {
    writeFileSync(join(dir, "go.mod"), "module example.com/x\n\ngo 1.21\n");
    expect(readGoMod(dir)).toMatchObject({ modulePath: "example.com/x", goVersion: "1.21", vendor: { present: false, packages: [] } });
    mkdirSync(join(dir, "vendor"));
    writeFileSync(join(dir, "vendor", "modules.txt"), "# example.com/y v1.0.0\n## explicit\nexample.com/y\nexample.com/y/z\n");
    expect(readGoMod(dir)?.vendor).toMatchObject({ present: true, packages: ["example.com/y", "example.com/y/z"] });
  });

  test("go.mod that is a dir is a clear error", () => {
    mkdirSync(join(dir, "go.mod"));
    expect(() => readGoMod(dir)).toThrow(GoModError);
  });

  test("an invalid module path names go.mod and the line", () => {
    writeFileSync(join(dir, "go.mod"), "\nmodule example.com/x$y\n");
    expect(() => readGoMod(dir)).toThrow(`${join(dir, "go.mod")}:2: invalid module path "example.com/x$y"`);
  });
});
