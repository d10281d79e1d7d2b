import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { checkAdapterImports, classify, parseListOutput, usesVendor } from "../src/module-graph";

// The module check against the real `go`, on a module whose go.sum covers a package it does not
// import itself and one whose go.sum (after go mod tidy) does not.
const run = promisify(execFile);
const STDLIB_ONLY = ["net/http/httputil"];
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "module-graph-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function module(files: Record<string, string>): Promise<string> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, ".."), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

it("resolves the standard library in any module, and nothing needs no go at all", async () => {
  const app = await module({ "go.mod": "module example.com/m\n\ngo 1.22\n", "m.go": "package m\n" });
  expect(await checkAdapterImports(app, STDLIB_ONLY, process.env)).toEqual({ kind: "resolves" });
  const never = async () => Promise.reject(new Error("go must not run"));
  expect(await checkAdapterImports(app, [], process.env, never)).toEqual({ kind: "resolves" });
});

it("says missing, certainly, for a package no required module provides", async () => {
  const app = await module({ "go.mod": "module example.com/m\n\ngo 1.22\n", "m.go": "package m\n" });
  const check = await checkAdapterImports(app, ["example.com/nowhere/client"], { ...process.env, GOPROXY: "off" });
  expect(check).toEqual({
    kind: "missing",
    vendored: false,
    packages: [expect.objectContaining({ importPath: "example.com/nowhere/client", neededBy: "example.com/nowhere/client" })],
  });
});

it("reads vendor/ when the module vendors, and never writes to the module", async () => {
  const app = await module({ "go.mod": "module example.com/m\n\ngo 1.22\n", "m.go": "package m\n", "vendor/modules.txt": "" });
  const before = await readFile(join(app, "go.mod"), "utf8");
  const check = await checkAdapterImports(app, ["example.com/nowhere/client"], process.env);
  expect(check).toMatchObject({ kind: "missing", vendored: true });
  expect(await readFile(join(app, "go.mod"), "utf8")).toBe(before);
  expect((await run("ls", ["-A", app])).stdout.split("\n").filter(Boolean).sort()).toEqual(["go.mod", "m.go", "vendor"]);
});

it("is unresolved, not missing, when go cannot read the module at all", async () => {
  const app = await module({ "go.mod": "module example.com/m\n\ngo 1.22\nrequire (\n", "m.go": "package m\n" });
  const check = await checkAdapterImports(app, ["example.com/x"], process.env);
  expect(check.kind).toBe("unresolved");
  expect(check.kind === "unresolved" && check.reason).toMatch(/^go list failed: go: .*go\.mod/);
});

it("is unresolved when go is not on PATH", async () => {
  const app = await module({ "go.mod": "module example.com/m\n\ngo 1.22\n" });
  const check = await checkAdapterImports(app, ["example.com/x"], { PATH: join(dir, "no-bin") });
  expect(check).toMatchObject({ kind: "unresolved", reason: expect.stringContaining("ENOENT") });
});

describe("usesVendor", () => {
  it.each<[string, NodeJS.ProcessEnv, boolean, boolean]>([
    ["vendor/modules.txt", {}, true, true],
    ["no vendor/", {}, false, false],
    ["GOFLAGS=-mod=vendor", { GOFLAGS: "-trimpath -mod=vendor" }, false, true],
    ["GOFLAGS=-mod=mod beside vendor/", { GOFLAGS: "-mod=mod" }, true, false],
  ])("%s", async (_case, env, vendorDir, expected) => {
    if (vendorDir) await module({ "vendor/modules.txt": "" });
    expect(usesVendor(dir, env)).toBe(expected);
  });
});

describe("classify", () => {
  const imports = ["example.com/sdk/client", "example.com/sdk/http"];
  const listed = (path: string, err?: string, stack: string[] = []) => ({ ImportPath: path, ...(err ? { Error: { Err: err, ImportStack: stack } } : {}) });

  it("names each missing package once, with the adapter import that needs it and Go's fix", () => {
    const err = "missing go.sum entry for module providing package go.uber.org/zap (imported by example.com/sdk/client); to add:\n\tgo get example.com/sdk/client@v2.16.2";
    const check = classify(
      [listed("go.uber.org/zap", err, ["example.com/sdk/client", "example.com/sdk/ctx"]), listed("go.uber.org/zap", err, ["example.com/sdk/http"]), listed("example.com/sdk/client")],
      imports,
      false,
    );
    expect(check).toEqual({
      kind: "missing",
      vendored: false,
      packages: [{ importPath: "go.uber.org/zap", neededBy: "example.com/sdk/client", goFix: "go get example.com/sdk/client@v2.16.2" }],
    });
  });

  it("leaves anything Go does not state with certainty to the build: one such error makes it unresolved", () => {
    const check = classify(
      [listed("go.uber.org/zap", "missing go.sum entry for module providing package go.uber.org/zap"), listed("example.com/sdk/http", "module lookup disabled by GOPROXY=off")],
      imports,
      false,
    );
    expect(check).toEqual({ kind: "unresolved", reason: "example.com/sdk/http: module lookup disabled by GOPROXY=off" });
  });
});

it("parses go list -json's stream of objects", async () => {
  const app = await module({ "go.mod": "module example.com/m\n\ngo 1.22\n" });
  const { stdout } = await run("go", ["list", "-e", "-deps", "-json=ImportPath,Error", "errors", "example.com/none"], { cwd: app, env: { ...process.env, GOPROXY: "off" } });
  const listed = parseListOutput(stdout);
  expect(listed.map((p) => p.ImportPath)).toEqual(expect.arrayContaining(["errors", "example.com/none"]));
  expect(listed.find((p) => p.ImportPath === "example.com/none")?.Error?.Err).toMatch(/example.com\/none/);
});

