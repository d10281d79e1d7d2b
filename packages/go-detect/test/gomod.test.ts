import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_GO_MOD_BYTES, parseGoMod, parseVendorModules } from "../src/gomod";
import { GoModError, modulePathProblem, readGoMod } from "../src";

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

  test("a minimal go.mod: module only, quoted, with CRLF", () => {
    const mod = parseGoMod('module "hello"\r\n');
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

describe("the go.mod lexer follows Go's rules", () => {
  const rejected = (text: string) => {
    try {
      parseGoMod(text, "go.mod");
    } catch (e) {
      return e as GoModError;
    }
    throw new Error(`accepted ${JSON.stringify(text)}`);
  };

  // Each of these made the old lexer loop for ever; Go reports "unexpected input character".
  test.each([
    ["\v", "U+000B"],
    ["\f", "U+000C"],
    ["\u0085", "U+0085"],
    ["\u00A0", "U+00A0"],
    ...Array.from({ length: 11 }, (_, i) => [String.fromCharCode(0x2000 + i), `U+${(0x2000 + i).toString(16).toUpperCase()}`]),
    ["\u2028", "U+2028"],
    ["\u2029", "U+2029"],
    ["\u3000", "U+3000"],
    ["\u200B", "U+200B"],
    ["\uFEFF", "U+FEFF"],
    ["\u0000", "U+0000"],
  ])("%j between words is go.mod:LINE: unexpected character %s", (c, code) => {
    const error = rejected(`// header\nmodule${c}example.com/m\n`);
    expect(error).toBeInstanceOf(GoModError);
    expect(error.line).toBe(2);
    expect(error.message).toContain(`go.mod:2: unexpected character ${code}`);
    expect(error.message).toMatch(/: (replace it with a plain space|remove it|save go.mod as UTF-8 without a BOM)$/);
  });

  test("a leading byte order mark is rejected, as go build rejects it, with the fix", () => {
    expect(rejected("\uFEFFmodule example.com/m\n").message).toBe(
      "go.mod:1: unexpected character U+FEFF (a byte order mark), which go build rejects too: save go.mod as UTF-8 without a BOM",
    );
  });

  test("invalid UTF-8 is accepted in comments and rejected elsewhere", () => {
    const text = (bytes: number[]) => new TextDecoder().decode(Buffer.from(bytes));
    const comment = text([...Buffer.from("module example.com/m // caf"), 0xe9, 0x0a, ...Buffer.from("// \xff\n")]);
    expect(parseGoMod(comment).modulePath).toBe("example.com/m");
    const word = text([...Buffer.from("module example.com/m"), 0xff, 0x0a]);
    expect(rejected(word).message).toBe("go.mod:1: invalid UTF-8 (or U+FFFD): save go.mod as UTF-8 text");
  });

  test("strings: Go escapes, raw strings, and strings that never end", () => {
    expect(parseGoMod('module "example.com/\\x6d\\u0079"\n').modulePath).toBe("example.com/my");
    expect(parseGoMod("module `example.com/raw`\n").modulePath).toBe("example.com/raw");
    expect(rejected('module "example.com/m\n').message).toBe("go.mod:1: unexpected newline in string");
    expect(rejected("module `example.com/m\n").message).toBe("go.mod:1: unexpected newline in string");
    expect(rejected('module "example.com/\\q"\n').message).toContain("invalid quoted string");
  });

  test("blocks: never closed, nested, or with text after ) are refused, as in Go", () => {
    expect(rejected("module m\nrequire (\n\ta.com/b v1.0.0\n").message).toBe("go.mod:2: the require block opened here is never closed with )");
    expect(rejected("module m\nrequire (\n\trequire (\n)\n").message).toBe("go.mod:3: a require block (line 2) cannot hold another block");
    expect(rejected("module m\nrequire (\n) extra\n").message).toBe("go.mod:3: unexpected extra after )");
  });

  test("escapes strconv refuses: octal past \\377, surrogate halves", () => {
    expect(rejected('module "example.com/\\777"\n').message).toContain("invalid quoted string");
    expect(rejected('module "example.com/\\ud800"\n').message).toContain("invalid quoted string");
    expect(rejected('module "example.com/\\U0000d800"\n').message).toContain("invalid quoted string");
  });

  test("/* comments are refused, as in Go", () => {
    expect(rejected("module example.com/m /* no */\n").message).toBe("go.mod:1: go.mod files use // comments, not /* comments");
  });

  test("punctuation Go knows (retract intervals) is tokenized, not rejected", () => {
    expect(parseGoMod("module m\nretract [v1.0.0, v1.0.5]\nretract {x}\n").modulePath).toBe("m");
  });

  test("1 MiB of random bytes ends at once with a GoModError", () => {
    let seed = 7;
    const bytes = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = seed >> 16;
    }
    expect(() => parseGoMod(new TextDecoder().decode(bytes))).toThrow(GoModError);
  });
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

  test("undefined without go.mod", async () => {
    expect(await readGoMod(dir)).toBeUndefined();
  });

  test("reads go.mod and the vendor listing", async () => {
    writeFileSync(join(dir, "go.mod"), "module example.com/x\n\ngo 1.21\n");
    expect(await readGoMod(dir)).toMatchObject({ modulePath: "example.com/x", goVersion: "1.21", vendor: { present: false, packages: [] } });
    mkdirSync(join(dir, "vendor"));
    writeFileSync(join(dir, "vendor", "modules.txt"), "# example.com/y v1.0.0\n## explicit\nexample.com/y\nexample.com/y/z\n");
    expect((await readGoMod(dir))?.vendor).toMatchObject({ present: true, packages: ["example.com/y", "example.com/y/z"] });
  });

  // Each read ends at once with a reason: nothing that is not a regular file is read, and no
  // file past the cap (these hung detect or grew its memory past 10 GiB).
  test.each([
    ["a directory", () => mkdirSync(join(dir, "go.mod")), "is a directory, not a file"],
    ["a FIFO", () => execFileSync("mkfifo", [join(dir, "go.mod")]), "is a FIFO (named pipe), not a regular file"],
    ["a link to /dev/zero", () => symlinkSync("/dev/zero", join(dir, "go.mod")), "is a device, not a regular file"],
    ["a link to /dev/urandom", () => symlinkSync("/dev/urandom", join(dir, "go.mod")), "is a device, not a regular file"],
    ["a symlink loop", () => symlinkSync("go.mod", join(dir, "go.mod")), "is a symlink loop"],
    ["a broken symlink", () => symlinkSync("nowhere.mod", join(dir, "go.mod")), "is a broken symlink"],
    [
      "a 3 GiB sparse file",
      () => {
        const fd = openSync(join(dir, "go.mod"), "w");
        writeSync(fd, "module example.com/m\n", 3 * 1024 ** 3);
        closeSync(fd);
      },
      `is too large (${3 * 1024 ** 3 + 21} bytes; detection reads at most ${MAX_GO_MOD_BYTES})`,
    ],
  ])("go.mod that is %s is a GoModError saying so", async (_, make, reason) => {
    make();
    await expect(readGoMod(dir)).rejects.toThrow(new GoModError(`${reason}; fnpacks reads it only as a regular text file`, join(dir, "go.mod")));
  });

  test("a NUL-padded go.mod is refused, as Go refuses it", async () => {
    writeFileSync(join(dir, "go.mod"), Buffer.concat([Buffer.from("module example.com/m\n"), Buffer.alloc(4096)]));
    await expect(readGoMod(dir)).rejects.toThrow(`${join(dir, "go.mod")}:2: unexpected character U+0000`);
  });

  test("a leading BOM in the file is rejected as Go rejects it (the decoder must not drop it)", async () => {
    writeFileSync(join(dir, "go.mod"), "\uFEFFmodule example.com/m\n");
    await expect(readGoMod(dir)).rejects.toThrow(`${join(dir, "go.mod")}:1: unexpected character U+FEFF (a byte order mark)`);
  });

  test("a vendor that is a file, not a dir, is no vendor listing (as for go build)", async () => {
    writeFileSync(join(dir, "go.mod"), "module example.com/x\n");
    writeFileSync(join(dir, "vendor"), "not a dir");
    expect((await readGoMod(dir))?.vendor).toEqual({ present: false, modules: [], packages: [] });
  });

  test("vendor/modules.txt that is a FIFO is a GoModError naming it", async () => {
    writeFileSync(join(dir, "go.mod"), "module example.com/x\n");
    mkdirSync(join(dir, "vendor"));
    execFileSync("mkfifo", [join(dir, "vendor", "modules.txt")]);
    await expect(readGoMod(dir)).rejects.toThrow(`${join(dir, "vendor", "modules.txt")}: is a FIFO (named pipe), not a regular file`);
  });

  test("an invalid module path names go.mod and the line", async () => {
    writeFileSync(join(dir, "go.mod"), "\nmodule example.com/x$y\n");
    await expect(readGoMod(dir)).rejects.toThrow(`${join(dir, "go.mod")}:2: invalid module path "example.com/x$y"`);
  });
});
