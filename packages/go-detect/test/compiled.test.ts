// go-detect must keep working inside a `bun build --compile` executable with the WASM files
// embedded, as the buildpacks ship it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileDetectExecutable, findBun } from "../src/bun";
import { httpSpecs } from "./specs";

const apps = join(__dirname, "fixtures", "apps");
let dir: string;
let exe: string;

beforeAll(() => {
  const bun = findBun();
  if (bun === undefined) throw new Error("no bun binary: run pnpm install at the repo root (or set BUN=/path/to/bun)");
  dir = mkdtempSync(join(tmpdir(), "go-detect-compiled-"));
  exe = join(dir, "detect");
  compileDetectExecutable(bun, httpSpecs, exe);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const detect = (app: string) =>
  (JSON.parse(execFileSync(exe, [join(apps, app)], { encoding: "utf8", cwd: dir, env: { PATH: "/usr/bin:/bin" } })) as {
    candidates: { name: string; position: string }[];
  }).candidates.map((c) => `${c.name} ${c.position}`);

test.each([
  ["basic", ["Handler handler.go:10"]],
  ["syntax-error-same-file", ["Before fn.go:5", "After fn.go:11"]],
  ["binary-garbage", ["Handler fn.go:5"]],
  ["several", ["First a.go:5", "Second b.go:8", "Third b.go:10"]],
])("the compiled executable detects %s", (app, expected) => {
  expect(detect(app)).toEqual(expected);
});
