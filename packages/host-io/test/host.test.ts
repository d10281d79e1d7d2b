// The node implementation on hostile paths, and the bun implementation (run by the real bun)
// held to the same answers: a compiled detect uses bun's, tests under Node use node's.
import { execFileSync } from "node:child_process";
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { listDirectory, outputWriter, path, pathKind, readBoundedFile, readWholeFile, writeTextFile } from "../src";
import * as node from "../src/node-host";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "host-io-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string) => join(dir, name);
const root = process.getuid?.() === 0;

/** Every kind of path detect meets, hostile ones included, made in `dir`. */
function makeHostileDir(): string[] {
  writeFileSync(at("a.go"), "package a\n");
  writeFileSync(at("exact"), "x".repeat(16));
  writeFileSync(at("over"), "x".repeat(17));
  writeFileSync(at("empty"), "");
  symlinkSync("a.go", at("link.go"));
  symlinkSync("none.go", at("dangling.go"));
  execFileSync("mkfifo", [at("pipe.go")]);
  symlinkSync("/dev/zero", at("zero.go"));
  mkdirSync(at("sub.go"));
  symlinkSync(at("loop.go"), at("loop.go"));
  const fd = openSync(at("sparse.go"), "w");
  writeSync(fd, "x", 3 * 1024 ** 3);
  closeSync(fd);
  writeFileSync(at("secret.go"), "x");
  chmodSync(at("secret.go"), 0o000);
  writeFileSync(Buffer.from(`${dir}/bad\xff.go`, "latin1"), "package a\n");
  return ["a.go", "exact", "over", "empty", "link.go", "dangling.go", "pipe.go", "zero.go", "sub.go", "loop.go", "sparse.go", "secret.go", "none.go", "none/x.go", "a.go/x"];
}

describe("node implementation", () => {
  test("a regular file within the cap is read whole; exactly the cap is read, one byte over is too large", () => {
    makeHostileDir();
    expect(node.readBoundedFile(at("a.go"), 1024)).toEqual({ kind: "read", bytes: Buffer.from("package a\n") });
    expect(node.readBoundedFile(at("exact"), 16).kind).toBe("read");
    expect(node.readBoundedFile(at("over"), 16)).toEqual({ kind: "refused", reason: "too large (17 bytes; detection reads at most 16)" });
  });

  test("nothing at the path is missing; a dangling symlink is not", () => {
    makeHostileDir();
    expect(node.readBoundedFile(at("none.go"), 1024)).toEqual({ kind: "missing" });
    expect(node.readBoundedFile(at("none/x.go"), 1024)).toEqual({ kind: "missing" });
    expect(node.readBoundedFile(at("a.go/x"), 1024)).toEqual({ kind: "missing" });
    expect(node.readBoundedFile(at("dangling.go"), 1024)).toEqual({ kind: "refused", reason: "a broken symlink" });
  });

  // None of these may block or be read: a FIFO with no writer, endless devices, a sparse giant.
  test.each([
    ["pipe.go", "a FIFO (named pipe), not a regular file"],
    ["zero.go", "a device, not a regular file"],
    ["sub.go", "a directory, not a file"],
    ["loop.go", "a symlink loop"],
    ["sparse.go", `too large (${3 * 1024 ** 3 + 1} bytes; detection reads at most 1024)`],
    ...(root ? [] : [["secret.go", "not readable (permission denied)"]]),
  ])("%s is refused: %s", (name, reason) => {
    makeHostileDir();
    expect(node.readBoundedFile(at(name), 1024)).toEqual({ kind: "refused", reason });
  });

  test("a listing keeps names that are not UTF-8 apart, and says why a dir cannot be listed", () => {
    makeHostileDir();
    const listing = node.listDirectory(dir);
    expect(listing.kind === "listed" && listing.notUtf8).toEqual(["bad\xff.go"]);
    expect(listing.kind === "listed" && listing.names.sort()).toEqual(
      ["a.go", "dangling.go", "empty", "exact", "link.go", "loop.go", "over", "pipe.go", "secret.go", "sparse.go", "sub.go", "zero.go"].sort(),
    );
    expect(node.listDirectory(at("none"))).toEqual({ kind: "error", code: "ENOENT", reason: "a broken symlink" });
    expect(node.listDirectory(at("a.go"))).toMatchObject({ kind: "error", code: "ENOTDIR" });
  });
});

describe("the module's API under Node", () => {
  test("reads, kinds, writes and output go through node's implementation", async () => {
    makeHostileDir();
    expect(await readBoundedFile(at("pipe.go"), 1024)).toEqual({ kind: "refused", reason: "a FIFO (named pipe), not a regular file" });
    expect(listDirectory(at("none"))).toMatchObject({ kind: "error", code: "ENOENT" });
    expect(await pathKind(at("sub.go"))).toBe("directory");
    expect(await pathKind(at("link.go"))).toBe("file");
    expect(await pathKind(at("pipe.go"))).toBe("other");
    expect(await pathKind(at("none/x"))).toBe("missing");
    await expect(pathKind(at("loop.go"))).rejects.toMatchObject({ code: "ELOOP" });
    await writeTextFile(at("plan.toml"), "[[provides]]\n");
    expect(Buffer.from(await readWholeFile(at("plan.toml"))).toString()).toBe("[[provides]]\n");
    expect(typeof outputWriter(2)).toBe("function");
  });
});

/** The bun binary from its platform package (pnpm runs no postinstall that would link it). */
function bunExecutable(): string {
  const bunDir = dirname(require.resolve("bun/package.json"));
  const platformPackage = `@oven/bun-${process.platform}-${process.arch === "arm64" ? "aarch64" : process.arch}`;
  return require.resolve(`${platformPackage}/bin/bun`, { paths: [bunDir] });
}

const probe = join(__dirname, "bun-probe.ts");
const askBun = (args: string[]) => JSON.parse(execFileSync(bunExecutable(), [probe, ...args], { encoding: "utf8", timeout: 30_000 }));

describe("bun implementation (run by bun) gives node's answers", () => {
  test("every hostile path reads the same, without blocking", () => {
    const names = makeHostileDir();
    const fromBun = askBun(["read", "16", ...names.map(at)]);
    const fromNode = names.map((name) => {
      const read = node.readBoundedFile(at(name), 16);
      return read.kind === "read" ? { kind: "read", text: Buffer.from(read.bytes).toString("latin1") } : read;
    });
    expect(fromBun).toEqual(fromNode);
    // Relative paths too (bun has no lstat: its missing-or-dangling answer lists the dir).
    expect(JSON.parse(execFileSync(bunExecutable(), [probe, "read", "16", "dangling.go", "none.go"], { cwd: dir, encoding: "utf8" }))).toEqual([
      { kind: "refused", reason: "a broken symlink" },
      { kind: "missing" },
    ]);
  });

  test("what detect reads on every run needs no node:fs: a file, a missing file, a missing dir; a dangling symlink does", () => {
    makeHostileDir();
    rmSync(Buffer.from(`${dir}/bad\xff.go`, "latin1")); // a name that is not UTF-8 takes node to list its dir
    expect(askBun(["node-loaded-after-read", "16", at("a.go"), at("none.go"), at("none/x.go"), at("a.go/x"), at("pipe.go")])).toBe(false);
    expect(askBun(["node-loaded-after-read", "16", at("dangling.go")])).toBe(true);
  });

  test("in a dir too large to list for one name, a missing file and a dangling link get node's answers through node", () => {
    const big = at("big");
    mkdirSync(big);
    for (let i = 0; i < 20_000; i++) writeFileSync(join(big, `entry-${i}`), "");
    symlinkSync("nowhere", join(big, "dangling.go"));
    expect(askBun(["read", "16", join(big, "go.mod"), join(big, "dangling.go")])).toEqual([{ kind: "missing" }, { kind: "refused", reason: "a broken symlink" }]);
    expect(askBun(["node-loaded-after-read", "16", join(big, "go.mod")])).toBe(true);
  });

  test("listings hold the same names, but for the FIFO bun's glob leaves out, and the same errors", () => {
    makeHostileDir();
    writeFileSync(at("plain.go"), "");
    const [withBadName, missing, notDir] = askBun(["list", dir, at("none"), at("a.go")]);
    const fromNode = node.listDirectory(dir);
    if (fromNode.kind !== "listed") throw new Error("node could not list the dir");
    expect(withBadName).toEqual({ ...fromNode, names: expect.arrayContaining(fromNode.names) });
    expect(missing).toEqual(node.listDirectory(at("none")));
    expect(notDir).toMatchObject({ kind: "error", code: "ENOTDIR" });

    rmSync(Buffer.from(`${dir}/bad\xff.go`, "latin1"));
    const [plain] = askBun(["list", dir]);
    expect(plain.kind).toBe("listed");
    expect(plain.notUtf8).toEqual([]);
    expect([...plain.names].sort()).toEqual(
      (node.listDirectory(dir) as { names: string[] }).names.filter((name) => name !== "pipe.go").sort(),
    );
  });

  test("path kinds are node's", () => {
    makeHostileDir();
    expect(askBun(["kind", at("sub.go"), at("link.go"), at("pipe.go"), at("none/x"), at("a.go/x"), at("loop.go")])).toEqual([
      "directory",
      "file",
      "other",
      "missing",
      "missing",
      "throws ELOOP",
    ]);
  });

  test("lines reach stdout and stderr whole and in order, a line without its newline too", () => {
    const output = at("output");
    execFileSync("sh", ["-c", `exec "$0" "$1" lines >"$2" 2>&1`, bunExecutable(), probe, output]);
    expect(readFileSync(output, "utf8")).toBe("one\ntwo\nthree %s %d\n\nfive\nsix without newline, then seven\neight\n");
  });
});

describe("path", () => {
  // The cases detect meets: an app dir and a file, go.mod's vendor/modules.txt, BP_FUNCTION_DIR.
  test.each([
    ["join", ["/workspace", "go.mod"]],
    ["join", ["/workspace/", "vendor", "modules.txt"]],
    ["join", [".", "fn.go"]],
    ["join", ["/app", "./fn/../x/", "a\\b.go"]],
    ["normalize", ["./fn//sub/../"]],
    ["normalize", [".."]],
    ["isAbsolute", ["/abs"]],
    ["isAbsolute", ["rel/x"]],
    ["dirname", ["/cnb/buildpacks/x/1.0/bin/detect"]],
    ["resolve", ["/cnb/buildpacks/x/1.0/bin", ".."]],
    ["resolve", ["rel", "x"]],
  ] as const)("%s(%j) is node's", (fn, args) => {
    const ours = path[fn] as (...a: string[]) => unknown;
    const nodes = posix[fn] as (...a: string[]) => unknown;
    expect(ours(...args)).toEqual(nodes(...args));
  });

  test("sep is /", () => expect(path.sep).toBe("/"));
});
